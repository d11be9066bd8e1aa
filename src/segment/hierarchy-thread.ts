/**
 * The worker thread of onWorkerThread (hierarchies.ts): builds the trees it is asked for with
 * its own instance of the kernels. Built beside each bundle that segments
 * (dist/hierarchy-thread.mjs, dist/functions/hierarchy-thread.mjs).
 */
import { serveRequests } from '../threads.js';
import { buildHierarchies } from './hierarchies.js';

serveRequests(buildHierarchies);
