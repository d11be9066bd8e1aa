/**
 * The worker thread of onWorkerThread (hierarchies.ts): builds the trees it is asked for with
 * its own instance of the kernels, sending each back as soon as it is built, and gets ready for
 * them when told their size ahead. Built beside each bundle that segments
 * (dist/hierarchy-thread.mjs, dist/functions/hierarchy-thread.mjs).
 */
import { serveRequests } from '../threads.js';
import { prepareHierarchy, type Hierarchy } from './hierarchical.js';
import { buildHierarchies, type HierarchyThreadRequest } from './hierarchies.js';

serveRequests<HierarchyThreadRequest, null, Hierarchy>((request, send) => {
  if ('prepare' in request) prepareHierarchy(request.prepare.n, request.prepare.d);
  else buildHierarchies(request.trees, send);
  return null;
});
