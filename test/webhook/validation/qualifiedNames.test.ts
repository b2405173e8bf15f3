import { describe, expect, it } from 'vitest';
import {
  isAutoscalerReservedPrefix,
  isKubernetesReservedPrefix,
  labelValueProblems,
  qualifiedNameProblems,
} from '../../../webhook/validation/qualifiedNames.ts';

describe('qualifiedNameProblems', () => {
  it.each(['app', 'a', 'A1', 'my_key.v-2', 'example.com/team', 'a.b-c.example.com/Name_1', `${'p'.repeat(253)}/n`, 'n'.repeat(63)])('accepts %s', (key) => {
    expect(qualifiedNameProblems(key)).toEqual([]);
  });

  it.each<[string, string]>([
    ['', 'name part must not be empty'],
    ['example.com/', 'name part must not be empty'],
    ['/name', 'prefix part must not be empty'],
    ['n'.repeat(64), 'name part must be at most 63 characters'],
    ['-start', 'name part must consist of'],
    ['end-', 'name part must consist of'],
    ['with space', 'name part must consist of'],
    ['ünïcode', 'name part must consist of'],
    ['Example.com/name', 'prefix part must be a lowercase RFC 1123 subdomain'],
    ['exa_mple.com/name', 'prefix part must be a lowercase RFC 1123 subdomain'],
    ['-example.com/name', 'prefix part must be a lowercase RFC 1123 subdomain'],
    ['example..com/name', 'prefix part must be a lowercase RFC 1123 subdomain'],
    [`${'p'.repeat(254)}/name`, 'prefix part must be at most 253 characters'],
    ['a/b/c', "must contain at most one '/'"],
  ])('rejects %j', (key, problem) => {
    expect(qualifiedNameProblems(key).join('; ')).toContain(problem);
  });

  it('reports a bad prefix and a bad name together', () => {
    expect(qualifiedNameProblems('Bad/-bad')).toHaveLength(2);
  });
});

describe('labelValueProblems', () => {
  it.each(['', 'v', 'v1.2_3-x', 'V'.repeat(63)])('accepts %j', (value) => {
    expect(labelValueProblems(value)).toEqual([]);
  });

  it.each<[string, string]>([
    ['v'.repeat(64), 'must be at most 63 characters'],
    ['-v', 'must be empty or consist of'],
    ['v.', 'must be empty or consist of'],
    ['a b', 'must be empty or consist of'],
    ['a/b', 'must be empty or consist of'],
  ])('rejects %j', (value, problem) => {
    expect(labelValueProblems(value)[0]).toContain(problem);
  });
});

describe('reserved prefixes', () => {
  it.each(['kubernetes.io', 'k8s.io', 'node.kubernetes.io', 'node-role.kubernetes.io', 'a.b.k8s.io'])('%s is reserved for Kubernetes', (prefix) => {
    expect(isKubernetesReservedPrefix(prefix)).toBe(true);
  });

  it.each(['example.com', 'notkubernetes.io', 'kubernetes.io.example.com', 'xk8s.io'])('%s is not reserved for Kubernetes', (prefix) => {
    expect(isKubernetesReservedPrefix(prefix)).toBe(false);
  });

  it.each(['autoscaler.vpsie.com', 'x.autoscaler.vpsie.com'])('%s is reserved for the autoscaler', (prefix) => {
    expect(isAutoscalerReservedPrefix(prefix)).toBe(true);
  });

  it('vpsie.com itself is not reserved for the autoscaler', () => {
    expect(isAutoscalerReservedPrefix('vpsie.com')).toBe(false);
  });
});
