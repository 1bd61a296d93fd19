// @ts-check
'use strict';

const { routeError } = require('../answers');
const T = require('./types');
const { decodeArg } = require('./common');

/**
 * Async jobs as the batch routes show them: the launch answers {".tag": "async_job_id"}; the check
 * route answers in_progress (at least `asyncJobPolls` times), then complete or failed.
 *
 * @typedef {import('../dispatch').Context} Context
 */

const tagged = (/** @type {string} */ tag) => ({ '.tag': tag });

/**
 * Launch an async job (its work is done now; the check route reports it after `asyncJobPolls` polls).
 * @param {Context} ctx @param {string} checkRoute @param {() => Promise<{ status: 'complete'|'failed', value: unknown }>} work
 */
function launch(ctx, checkRoute, work) {
	const job = ctx.state.files.newJob(checkRoute, ctx.caller.user().account_id, work());
	return { '.tag': 'async_job_id', async_job_id: job.id };
}

/**
 * A check route: in_progress, complete (its value inlined or nested), failed; invalid_async_job_id.
 * @param {Context} ctx @param {(value: unknown) => object} complete @param {(value: unknown) => object} [failed]
 */
function check(ctx, complete, failed = (value) => ({ '.tag': 'failed', failed: value })) {
	const arg = decodeArg(ctx, T.PollArg);
	const state = ctx.state.files.poll(arg.async_job_id, ctx.route.id, ctx.caller.user().account_id);
	if (!state) throw routeError(tagged('invalid_async_job_id'));
	if (state.status === 'in_progress') return tagged('in_progress');
	if ('internal' in state && state.internal) throw routeError(tagged('internal_error'));
	return state.status === 'complete' ? complete(state.value) : failed(state.value);
}

module.exports = { launch, check };
