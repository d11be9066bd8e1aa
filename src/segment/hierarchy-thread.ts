/**
 * The worker thread of onWorkerThread (hierarchies.ts): builds the trees it is asked for with
 * its own instance of the kernels, sending each back as soon as it is built. Built beside each
 * bundle that segments (dist/hierarchy-thread.mjs, dist/functions/hierarchy-thread.mjs).
 */
import { serveRequests } from '../threads.js';
import { buildHierarchies, type HierarchyRequest } from './hierarchies.js';
import type { Hierarchy } from './hierarchical.js';

serveRequests<HierarchyRequest, null, Hierarchy>((request, send) => {
  buildHierarchies(request, send);
  return null;
});
