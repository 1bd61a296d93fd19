// @ts-check
/**
 * Record the waits a node asks of `sleep` from n8n-workflow, and make them instant.
 *
 * Why a spy on the module object works: n8n-workflow's CommonJS build exports `sleep` as a
 * configurable getter, and TypeScript compiles `import { sleep } from 'n8n-workflow'` to a property
 * read at call time (`n8n_workflow_1.sleep(ms)`). jest.spyOn replaces the getter on the one module
 * object that the node, n8n-core and this file share within a test file's module registry.
 * So n8n-core's own waits (a node's "Retry On Fail" setting, for one) are recorded too.
 * (Plain JavaScript that destructures `const { sleep } = require('n8n-workflow')` before
 * mockSleep() runs keeps the real function: read it off the module at call time instead.)
 */
'use strict';

const n8nWorkflow = require('n8n-workflow');

/** @type {number[]} */
let calls = [];

/**
 * Call once at the top of a test file (module scope or beforeAll). Idempotent; reinstalls itself
 * after jest.restoreAllMocks(). Returns the jest spy.
 */
function mockSleep() {
	if (jest.isMockFunction(n8nWorkflow.sleep)) return n8nWorkflow.sleep;
	return jest.spyOn(n8nWorkflow, 'sleep').mockImplementation(async (ms, abortSignal) => {
		calls.push(ms);
		// Like the real sleep: a cancelled execution's signal rejects at once.
		if (abortSignal?.aborted) {
			const reason = abortSignal.reason;
			throw reason instanceof Error ? reason : new Error(String(reason));
		}
	});
}

/** The ms values asked of sleep since the last resetSleepCalls(). */
function sleepCalls() {
	return [...calls];
}

function resetSleepCalls() {
	calls = [];
}

module.exports = { mockSleep, sleepCalls, resetSleepCalls };
