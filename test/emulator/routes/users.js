// @ts-check
'use strict';

const { routeError } = require('../answers');
const { fullAccount, basicAccount } = require('../views');
const { onLegacyPaper } = require('../files/paper');

/** @typedef {import('../dispatch').Context} Context */

const FEATURES = ['paper_as_files', 'file_locking', 'team_shared_dropbox', 'distinct_member_home'];

/**
 * An AccountId is exactly 40 characters (users_common.AccountId).
 * @param {Context} ctx @param {string} field @param {unknown} value
 */
function checkAccountId(ctx, field, value) {
	if (typeof value !== 'string') throw ctx.argError(field, `'${value}' expected to be a string, got ${typeof value === 'number' ? 'integer' : typeof value}`);
	if (value.length < 40) throw ctx.argError(field, `'${value}' must be at least 40 characters, got ${value.length}`);
	if (value.length > 40) throw ctx.argError(field, `'${value}' must be at most 40 characters, got ${value.length}`);
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'users/get_current_account': ({ state, caller }) => fullAccount(state.store, caller.user()),

	'users/get_space_usage': ({ state: { store }, caller }) => {
		const user = caller.user();
		const own = store.usedBytes([user.home_namespace_id]);
		if (!user.team_member_id || !store.team) return { used: own, allocation: { '.tag': 'individual', allocated: user.allocated } };
		const team = store.team;
		const teamNamespaces = [team.root_namespace_id, ...team.memberIds.map((id) => store.members.get(id)?.home_namespace_id ?? '')];
		return {
			used: own,
			allocation: {
				'.tag': 'team',
				used: store.usedBytes(teamNamespaces),
				allocated: team.allocated,
				user_within_team_space_allocated: 0,
				user_within_team_space_limit_type: { '.tag': 'off' },
				user_within_team_space_used_cached: own,
			},
		};
	},

	'users/get_account': (ctx) => {
		checkAccountId(ctx, 'account_id', ctx.arg.account_id);
		const found = ctx.state.store.accounts.get(ctx.arg.account_id);
		if (!found) throw routeError({ '.tag': 'no_account' });
		return basicAccount(found, ctx.caller.user());
	},

	'users/get_account_batch': (ctx) => {
		const ids = ctx.arg.account_ids;
		if (!Array.isArray(ids)) throw ctx.argError('account_ids', `'${JSON.stringify(ids)}' is not a valid list`);
		if (ids.length < 1) throw ctx.argError('account_ids', `'[]' has fewer than 1 items`);
		if (ids.length > 300) throw ctx.argError('account_ids', `list has more than 300 items`);
		ids.forEach((id) => checkAccountId(ctx, 'account_ids', id));
		const missing = ids.find((id) => !ctx.state.store.accounts.has(id));
		if (missing) throw routeError({ '.tag': 'no_account', no_account: missing });
		return ids.map((id) => basicAccount(/** @type {any} */ (ctx.state.store.accounts.get(id)), ctx.caller.user()));
	},

	'users/features/get_values': (ctx) => {
		const features = ctx.arg.features;
		if (!Array.isArray(features)) throw ctx.argError('features', `'${JSON.stringify(features)}' is not a valid list`);
		const tags = features.map((f) => (typeof f === 'string' ? f : f?.['.tag']));
		const unknown = tags.find((t) => !FEATURES.includes(t));
		if (unknown !== undefined) throw ctx.argError('features', `unknown tag '${unknown}'`);
		if (tags.length === 0) throw routeError({ '.tag': 'empty_features_list' });
		const user = ctx.caller.user();
		const inTeamSpace = user.root_namespace_id !== user.home_namespace_id;
		/** @type {Record<string, boolean>} */
		const enabled = {
			// The stand-in's switch filesOptions.legacyPaper puts accounts on legacy Paper.
			paper_as_files: !onLegacyPaper(ctx.state.files.options, user.account_id),
			file_locking: user.account_type === 'business',
			team_shared_dropbox: inTeamSpace,
			distinct_member_home: inTeamSpace,
		};
		return { values: tags.map((t) => ({ '.tag': t, [t]: { '.tag': 'enabled', enabled: enabled[t] } })) };
	},
};
