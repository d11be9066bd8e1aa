/**
 * The worker thread of onWorkerThread (hierarchies.ts): builds the trees it is asked for with
 * its own instance of the kernels and sends them back. Built beside each bundle that segments
 * (dist/hierarchy-thread.mjs, dist/functions/hierarchy-thread.mjs).
 */
import { parentPort } from 'node:worker_threads';
import { buildHierarchies, type HierarchyReply, type HierarchyRequest } from './hierarchies.js';

parentPort!.on('message', ({ id, request }: { id: number; request: HierarchyRequest }) => {
  let reply: HierarchyReply;
  try {
    reply = { id, hierarchies: buildHierarchies(request) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    reply = { id, error: { name, message } };
  }
  parentPort!.postMessage(reply);
});
