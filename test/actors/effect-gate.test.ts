import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/actors/shared/abortable.ts';
import { EffectGate } from '../../src/actors/shared/effect-gate.ts';

/** Settles to what the promise did, or 'pending' if it has not by the next macrotask. */
async function state(p: Promise<unknown>): Promise<string> {
  const tick = new Promise((r) => setTimeout(() => r('pending'), 10));
  return Promise.race([p.then((v) => `resolved:${String(v)}`, (e: unknown) => `rejected:${(e as Error).message}`), tick]) as Promise<string>;
}

describe('EffectGate', () => {
  it('lets a call already sent complete, and its result through, when closed', async () => {
    const gate = new EffectGate();
    const actor = new AbortController();
    let release!: (v: string) => void;
    const effect = gate.run(actor.signal, () => new Promise<string>((r) => (release = r)));
    const closed = gate.close(5_000);
    release('written');
    expect(await closed).toBe(0);
    expect(await effect).toBe('written');
  });

  it('ends a wait at once when closed, without the machine seeing a failure', async () => {
    const gate = new EffectGate();
    const actor = new AbortController();
    const effect = gate.run(actor.signal, (signal) => sleep(60_000, signal));
    expect(await gate.close(5_000)).toBe(0);
    expect(await state(effect)).toBe('pending');
    actor.abort(new Error('actor stopped'));
    expect(await state(effect)).toBe('rejected:actor stopped');
  });

  it('still reports an effect’s own failure while open', async () => {
    const gate = new EffectGate();
    const effect = gate.run(new AbortController().signal, async () => {
      throw new Error('VPSie said no');
    });
    await expect(effect).rejects.toThrow('VPSie said no');
    expect(gate.inflight).toBe(0);
  });

  it('starts nothing once closed, until opened again', async () => {
    const gate = new EffectGate();
    await gate.close(10);
    let started = 0;
    const actor = new AbortController();
    const refused = gate.run(actor.signal, async () => void started++);
    expect(await state(refused)).toBe('pending');
    expect(started).toBe(0);
    gate.open();
    await gate.run(actor.signal, async () => void started++);
    expect(started).toBe(1);
    actor.abort(new Error('stopped'));
    await expect(refused).rejects.toThrow('stopped');
  });

  it('gives up waiting at the deadline and says how many are still running', async () => {
    const gate = new EffectGate();
    const actor = new AbortController();
    // A call that ignores the signal, like an HTTP request already on the wire.
    void gate.run(actor.signal, () => new Promise<void>(() => undefined)).catch(() => undefined);
    expect(await gate.close(20)).toBe(1);
  });

  it('aborts the effect’s signal when its actor stops, and forgets it once settled', async () => {
    const gate = new EffectGate();
    const actor = new AbortController();
    const effect = gate.run(actor.signal, (signal) => sleep(60_000, signal));
    expect(gate.inflight).toBe(1);
    actor.abort(new Error('left the state'));
    await expect(effect).rejects.toThrow('left the state');
    expect(gate.inflight).toBe(0);
  });

  it('holds thousands of effects in flight without a listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const gate = new EffectGate();
      // One actor per effect, as the node actors are; they all share the gate's signal.
      const actors = Array.from({ length: 2_000 }, () => new AbortController());
      const effects = actors.map((actor) => gate.run(actor.signal, (signal) => sleep(60_000, signal)));
      await new Promise((r) => setImmediate(r));
      expect(gate.inflight).toBe(2_000);
      for (const actor of actors) actor.abort(new Error('stopped'));
      await Promise.allSettled(effects);
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
