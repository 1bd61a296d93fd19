// @ts-check
'use strict';

/** @typedef {import('../dispatch').Context} Context */

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'auth/token/revoke': ({ state, caller }) => {
		state.tokens.revoke(/** @type {string} */ (caller.token));
		return null;
	},
};
