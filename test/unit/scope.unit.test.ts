// Module scopes from node names, and the cache that shares one array per module across a large graph.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScopeCache, scopeFromName } from '../../src/core/ir/scope';

const names = ['/layers.4/self_attn/Transpose_4', '/layers.4/self_attn/MatMul_2', 'model/block_1/conv/Conv2D', 'Relu_3', 'a/b/', 'a/b/c', '//x//y', ''];

test('the cache gives the same scopes as scopeFromName, trailing and doubled separators included', () => {
  const cache = new ScopeCache();
  for (const name of [...names, ...names]) assert.deepEqual(cache.scopeOf(name), scopeFromName(name), name);
});

test('nodes of one module share one scope array', () => {
  const cache = new ScopeCache();
  assert.equal(cache.scopeOf('/layers.4/self_attn/Transpose_4'), cache.scopeOf('/layers.4/self_attn/MatMul_2'));
  assert.notEqual(cache.scopeOf('/layers.4/self_attn/Transpose_4'), cache.scopeOf('/layers.5/self_attn/Transpose_4'));
});
