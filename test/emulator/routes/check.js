// @ts-check
'use strict';

/** @typedef {import('../dispatch').Context} Context */

/** check.EchoArg: query is a String(max_length=500) defaulting to "". @param {Context} ctx */
function echo(ctx) {
	const query = ctx.arg.query ?? '';
	if (typeof query !== 'string') throw ctx.argError('query', `'${query}' expected to be a string, got ${typeof query}`);
	if (query.length > 500) throw ctx.argError('query', `'${query}' must be at most 500 characters, got ${query.length}`);
	return { result: query };
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'check/user': echo,
	'check/app': echo,
};
