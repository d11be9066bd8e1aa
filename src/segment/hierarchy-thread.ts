/**
 * The worker thread of onWorkerThread (hierarchies.ts): builds the trees it is asked for with
 * its own instance of the kernels, sending each back as soon as it is built (the last one scored
 * at the k the caller has chosen by then), and gets ready for them when told their size ahead. Built beside each bundle that segments
 * (dist/hierarchy-thread.mjs, dist/functions/hierarchy-thread.mjs).
 */
import { serveRequests } from '../threads.js';
import { prepareHierarchy } from './hierarchical.js';
import { buildHierarchies, type BuiltTree, type HierarchyThreadRequest } from './hierarchies.js';

serveRequests<HierarchyThreadRequest, null, BuiltTree>((request, send) => {
  if ('prepare' in request) prepareHierarchy(request.prepare.n, request.prepare.d);
  else buildHierarchies(request.trees, send, () => Atomics.load(request.cutAt, 0));
  return null;
});
