// @ts-check
'use strict';

const { routeError } = require('../answers');
const { accountId, teamMemberId, stableId } = require('../ids');
const { teamMemberProfile } = require('../views');

/**
 * The team's members as an admin app manages them: list, get, add (always a job), remove (a job, with files
 * transferred or the account kept as Basic), suspend, unsuspend, recover, profiles, admin roles and welcome
 * emails. Assumptions where Dropbox's documentation is silent are marked "Assumed" and listed in the README.
 *
 * @typedef {import('../dispatch').Context} Context
 * @typedef {import('../store').Store} Store
 * @typedef {import('../store').Account} Account
 * @typedef {import('../store').Team} Team
 */

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Dropbox takes at most 20 new members in one call. */
const ADD_MAX = 20;
const RECOVERABLE_DAYS = 7;

const now = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
/** @param {Context} ctx */
const teamOf = (ctx) => /** @type {Team} */ (ctx.state.store.team);
/** @param {Store} store */
const allMembers = (store) => (store.team?.memberIds ?? []).map((id) => /** @type {Account} */ (store.members.get(id)));

/** team.TeamMemberInfoV2 @param {Team} team @param {Account} m */
const memberInfo = (team, m) => ({
	profile: teamMemberProfile(m),
	roles: (team.roles ?? []).filter((r) => (m.roles ?? []).includes(r.role_id)),
});

/**
 * The member a UserSelectorArg names ({".tag": team_member_id | external_id | email}); a malformed selector is a
 * 400, as Stone answers it.
 * @param {Context} ctx @param {any} selector @param {string} field
 * @returns {Account | undefined}
 */
function select(ctx, selector, field) {
	const tags = ['team_member_id', 'external_id', 'email'];
	if (!selector || typeof selector !== 'object' || !tags.includes(selector['.tag']))
		throw ctx.argError(field, `unknown tag '${selector?.['.tag'] ?? String(selector)}'`);
	const key = selector['.tag'];
	const value = selector[key];
	if (typeof value !== 'string') throw ctx.argError(`${field}.${key}`, `expected string, got ${typeof value}`);
	if (key === 'email' && (!EMAIL.test(value) || value.length > 255)) throw ctx.argError(`${field}.email`, `'${value}' is not a valid email address`);
	const { store } = ctx.state;
	if (key === 'team_member_id') return store.members.get(value);
	return allMembers(store).find((m) => (key === 'email' ? m.email.toLowerCase() === value.toLowerCase() : m.external_id === value));
}

/**
 * The selected member who is on the team (any status but removed), else the route's user_not_found /
 * user_not_in_team (removed members are known but no longer on the team).
 * @param {Context} ctx @param {any} selector @param {string} [field] @param {{ removedToo?: boolean }} [options]
 */
function onTeam(ctx, selector, field = 'user', options = {}) {
	const member = select(ctx, selector, field);
	if (!member) throw routeError({ '.tag': 'user_not_found' });
	if (member.status === 'removed' && !options.removedToo) throw routeError({ '.tag': 'user_not_in_team' });
	return member;
}

/** Active admins with the team admin role. @param {Store} store */
const activeTeamAdmins = (store) => {
	const teamAdminRole = store.team?.roles?.[0].role_id;
	return allMembers(store).filter((m) => m.status === 'active' && (m.roles ?? []).includes(teamAdminRole ?? ''));
};

/** Keeps the old `role` field (used by Select-Admin checks) in step with the roles. @param {Store} store @param {Account} m */
function syncRole(store, m) {
	m.role = (m.roles ?? []).includes(store.team?.roles?.[0].role_id ?? '') ? 'team_admin' : 'member_only';
}

/** One page of list_v2 from `start`; the cursor encodes where the next starts and what was asked. */
function membersPage(/** @type {Context} */ ctx, /** @type {number} */ start, /** @type {number} */ limit, /** @type {boolean} */ includeRemoved) {
	const team = teamOf(ctx);
	const members = allMembers(ctx.state.store).filter((m) => includeRemoved || m.status !== 'removed');
	const page = members.slice(start, start + limit);
	const next = start + page.length;
	return {
		members: page.map((m) => memberInfo(team, m)),
		cursor: Buffer.from(JSON.stringify({ start: next, limit, includeRemoved })).toString('base64url'),
		has_more: next < members.length,
	};
}

/** A job of the team (owned by the team, not by an account). @param {Context} ctx @param {string} checkRoute @param {unknown} value */
function teamJob(ctx, checkRoute, value) {
	const job = ctx.state.files.newJob(checkRoute, teamOf(ctx).team_id, Promise.resolve({ status: 'complete', value }));
	return { '.tag': 'async_job_id', async_job_id: job.id };
}

/** @param {Context} ctx @param {(value: any) => object} complete */
function checkTeamJob(ctx, complete) {
	const id = ctx.arg.async_job_id;
	if (typeof id !== 'string') throw ctx.argError('async_job_id', 'expected string');
	const state = ctx.state.files.poll(id, ctx.route.id, teamOf(ctx).team_id);
	if (!state) throw routeError({ '.tag': 'invalid_async_job_id' });
	if (state.status === 'in_progress') return { '.tag': 'in_progress' };
	return complete(state.value);
}

/**
 * One new member (MemberAddV2Arg), or the tag of why not. Assumed: members added through the API are invited
 * (they join when they accept); their home namespace exists at once, mounted in the team space.
 * @param {Context} ctx @param {any} arg @param {number} index
 */
function addOne(ctx, arg, index) {
	const { store } = ctx.state;
	const team = teamOf(ctx);
	const email = arg.member_email;
	const members = allMembers(store);
	const onTeamNow = members.filter((m) => m.status !== 'removed');
	const existing = members.find((m) => m.email.toLowerCase() === email.toLowerCase());
	if (existing && existing.status !== 'removed') return { '.tag': 'user_already_on_team', user_already_on_team: email };
	const elsewhere = [...store.accounts.values()].find((a) => !a.team_member_id && a.email.toLowerCase() === email.toLowerCase());
	if (elsewhere && elsewhere.account_type === 'business') return { '.tag': 'user_on_another_team', user_on_another_team: email };
	if (arg.member_external_id !== undefined && onTeamNow.some((m) => m.external_id === arg.member_external_id))
		return { '.tag': 'duplicate_external_member_id', duplicate_external_member_id: email };
	if (arg.member_persistent_id !== undefined && onTeamNow.some((m) => m.persistent_id === arg.member_persistent_id))
		return { '.tag': 'duplicate_member_persistent_id', duplicate_member_persistent_id: email };
	if (onTeamNow.length >= team.num_licensed_users) return { '.tag': 'team_license_limit', team_license_limit: email };
	const roleIds = arg.role_ids ?? [];
	const unknownRole = roleIds.find((/** @type {string} */ id) => !(team.roles ?? []).some((r) => r.role_id === id));
	// Assumed: an unknown role fails that member (MemberAddV2Result has no tag for it) as user_creation_failed.
	if (unknownRole) return { '.tag': 'user_creation_failed', user_creation_failed: email };
	const given = arg.member_given_name ?? email.split('@')[0];
	const surname = arg.member_surname ?? '';
	const display = `${given} ${surname}`.trim();
	const seed = `added:${email.toLowerCase()}:${index}:${members.length}`;
	const home = store.createNamespace('team_member_folder', display);
	store.mount(team.root_namespace_id, `/${display}`, home.id);
	const member = store.addAccount({
		account_id: accountId(seed),
		name: { given_name: given, surname, familiar_name: given, display_name: display, abbreviated_name: `${given[0] ?? ''}${surname[0] ?? ''}` },
		email,
		email_verified: false,
		disabled: false,
		country: 'DE',
		locale: 'de',
		referral_link: `https://www.dropbox.com/referrals/AA${stableId(seed, 10)}?src=global9`,
		account_type: 'business',
		is_paired: false,
		home_namespace_id: home.id,
		root_namespace_id: team.root_namespace_id,
		home_path: `/${display}`,
		allocated: 0,
		team_member_id: teamMemberId(seed),
		roles: roleIds,
		status: 'invited',
		...(arg.member_external_id !== undefined && { external_id: arg.member_external_id }),
		...(arg.member_persistent_id !== undefined && { persistent_id: arg.member_persistent_id }),
		is_directory_restricted: Boolean(arg.is_directory_restricted),
		joined_on: now(),
	});
	syncRole(store, member);
	team.memberIds.push(/** @type {string} */ (member.team_member_id));
	return { '.tag': 'success', ...memberInfo(team, member) };
}

const ADD_FIELDS = ['member_email', 'member_given_name', 'member_surname', 'member_external_id', 'member_persistent_id', 'send_welcome_email', 'is_directory_restricted', 'role_ids'];

/** Checks one MemberAddV2Arg as Stone does (400s). @param {Context} ctx @param {any} arg @param {number} i */
function checkAddArg(ctx, arg, i) {
	const at = `new_members[${i}]`;
	if (!arg || typeof arg !== 'object') throw ctx.argError(at, 'expected object');
	const unknown = Object.keys(arg).find((k) => !ADD_FIELDS.includes(k));
	if (unknown) throw ctx.argError(at, `unknown field '${unknown}'`);
	if (typeof arg.member_email !== 'string') throw ctx.argError(at, "missing required field 'member_email'");
	if (!EMAIL.test(arg.member_email) || arg.member_email.length > 255) throw ctx.argError(`${at}.member_email`, `'${arg.member_email}' is not a valid email address`);
	for (const name of ['member_given_name', 'member_surname'])
		if (arg[name] !== undefined && (typeof arg[name] !== 'string' || arg[name].length < 1 || arg[name].length > 100))
			throw ctx.argError(`${at}.${name}`, 'expected a string of 1 to 100 characters');
	if (arg.member_external_id !== undefined && (typeof arg.member_external_id !== 'string' || arg.member_external_id.length > 64))
		throw ctx.argError(`${at}.member_external_id`, 'expected a string of at most 64 characters');
	if (arg.role_ids !== undefined && (!Array.isArray(arg.role_ids) || arg.role_ids.some((/** @type {unknown} */ r) => typeof r !== 'string' || !/^pid_dbtmr:.*/.test(r))))
		throw ctx.argError(`${at}.role_ids`, "expected a list of role IDs matching 'pid_dbtmr:.*'");
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'team/members/list_v2': (ctx) => {
		const limit = ctx.arg.limit ?? 1000;
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw ctx.argError('limit', `${limit} is not within range [1, 1000]`);
		return membersPage(ctx, 0, limit, ctx.arg.include_removed === true);
	},

	'team/members/list/continue_v2': (ctx) => {
		let position;
		try {
			position = JSON.parse(Buffer.from(String(ctx.arg.cursor), 'base64url').toString('utf8'));
		} catch {
			throw routeError({ '.tag': 'invalid_cursor' });
		}
		if (!Number.isInteger(position?.start) || !Number.isInteger(position?.limit)) throw routeError({ '.tag': 'invalid_cursor' });
		return membersPage(ctx, position.start, position.limit, position.includeRemoved === true);
	},

	'team/members/get_info_v2': (ctx) => {
		const { members } = ctx.arg;
		if (!Array.isArray(members)) throw ctx.argError('members', 'expected list');
		const team = teamOf(ctx);
		return {
			members_info: members.map((selector, i) => {
				const member = select(ctx, selector, `members[${i}]`);
				return member ? { '.tag': 'member_info', ...memberInfo(team, member) } : { '.tag': 'id_not_found', id_not_found: String(selector[selector['.tag']]) };
			}),
		};
	},

	// Assumed: always answered as a job (force_async or not), so callers meet the job path every time.
	'team/members/add_v2': (ctx) => {
		const { new_members: newMembers } = ctx.arg;
		if (!Array.isArray(newMembers)) throw ctx.argError('new_members', 'expected list');
		if (newMembers.length > ADD_MAX) throw ctx.argError('new_members', `list has more than ${ADD_MAX} items`);
		newMembers.forEach((arg, i) => checkAddArg(ctx, arg, i));
		const results = newMembers.map((arg, i) => addOne(ctx, arg, i));
		const { store } = ctx.state;
		newMembers.forEach((arg, i) => {
			if (results[i]['.tag'] === 'success' && arg.send_welcome_email !== false) store.welcomeEmails = [...(store.welcomeEmails ?? []), arg.member_email];
		});
		return teamJob(ctx, 'team/members/add/job_status/get_v2', results);
	},

	'team/members/add/job_status/get_v2': (ctx) => checkTeamJob(ctx, (results) => ({ '.tag': 'complete', complete: results })),

	// Assumed: answered as a job; the removal itself is done at once and reported on the first completed check.
	'team/members/remove': (ctx) => {
		const { store } = ctx.state;
		const { arg } = ctx;
		const member = onTeam(ctx, arg.user);
		const wipe = arg.wipe_data ?? true;
		const keep = arg.keep_account ?? false;
		if (keep && wipe) throw routeError({ '.tag': 'cannot_keep_account_and_delete_data' });
		if (keep && arg.transfer_dest_id) throw routeError({ '.tag': 'cannot_keep_account_and_transfer' });
		if (keep && member.status === 'invited') throw routeError({ '.tag': 'cannot_keep_invited_user_account' });
		if (arg.retain_team_shares && wipe) throw routeError({ '.tag': 'cannot_retain_shares_when_data_wiped' });
		if (arg.retain_team_shares && !keep) throw routeError({ '.tag': 'cannot_retain_shares_when_no_account_kept' });
		const admins = activeTeamAdmins(store);
		if (admins.length === 1 && admins[0] === member) throw routeError({ '.tag': 'remove_last_admin' });
		/** @type {Account | undefined} */
		let dest;
		if (arg.transfer_dest_id) {
			dest = select(ctx, arg.transfer_dest_id, 'transfer_dest_id');
			if (!dest) throw routeError({ '.tag': 'transfer_dest_user_not_found' });
			if (dest.status === 'removed') throw routeError({ '.tag': 'transfer_dest_user_not_in_team' });
			if (dest === member) throw routeError({ '.tag': 'removed_and_transfer_dest_should_differ' });
			if (!arg.transfer_admin_id) throw routeError({ '.tag': 'unspecified_transfer_admin_id' });
			const admin = select(ctx, arg.transfer_admin_id, 'transfer_admin_id');
			if (!admin) throw routeError({ '.tag': 'transfer_admin_user_not_found' });
			if (admin.status === 'removed') throw routeError({ '.tag': 'transfer_admin_user_not_in_team' });
			if (admin === member) throw routeError({ '.tag': 'removed_and_transfer_admin_should_differ' });
			if (admin.role !== 'team_admin') throw routeError({ '.tag': 'transfer_admin_is_not_admin' });
		}
		if (dest) {
			// Assumed: the files land in the recipient's home, in a folder named after the removed member.
			const target = `/${member.name.display_name} (former member)`;
			store.ensureFolder(dest.home_namespace_id, target);
			for (const entry of store.namespace(member.home_namespace_id).entries.values()) {
				const path = `${target}${entry.path_display}`;
				if (entry.tag === 'folder') store.ensureFolder(dest.home_namespace_id, path);
				else if (entry.blob) store.putFile(dest.home_namespace_id, path, entry.blob);
			}
		}
		member.status = 'removed';
		member.keptAccount = keep;
		member.recoverable = !keep && !dest;
		member.removedAt = Date.now();
		if (keep) member.account_type = 'basic';
		syncRole(store, member);
		return teamJob(ctx, 'team/members/remove/job_status/get', null);
	},

	'team/members/remove/job_status/get': (ctx) => checkTeamJob(ctx, () => ({ '.tag': 'complete' })),

	'team/members/suspend': (ctx) => {
		const member = onTeam(ctx, ctx.arg.user);
		if (member.status !== 'active') throw routeError({ '.tag': 'suspend_inactive_user' });
		const admins = activeTeamAdmins(ctx.state.store);
		if (admins.length === 1 && admins[0] === member) throw routeError({ '.tag': 'suspend_last_admin' });
		member.status = 'suspended';
		member.suspended_on = now();
		return null;
	},

	'team/members/unsuspend': (ctx) => {
		const member = onTeam(ctx, ctx.arg.user);
		if (member.status !== 'suspended') throw routeError({ '.tag': 'unsuspend_non_suspended_member' });
		member.status = 'active';
		delete member.suspended_on;
		return null;
	},

	'team/members/recover': (ctx) => {
		const member = onTeam(ctx, ctx.arg.user, 'user', { removedToo: true });
		if (member.status !== 'removed') throw routeError({ '.tag': 'user_not_in_team' });
		const expired = Date.now() - (member.removedAt ?? 0) > RECOVERABLE_DAYS * 86_400_000;
		if (!member.recoverable || expired) throw routeError({ '.tag': 'user_unrecoverable' });
		member.status = 'active';
		member.recoverable = false;
		return null;
	},

	'team/members/set_profile_v2': (ctx) => {
		const { arg } = ctx;
		const { store } = ctx.state;
		const member = onTeam(ctx, arg.user);
		const fields = ['new_email', 'new_external_id', 'new_given_name', 'new_surname', 'new_persistent_id', 'new_is_directory_restricted'];
		if (!fields.some((f) => arg[f] !== undefined)) throw routeError({ '.tag': 'no_new_data_specified' });
		if (arg.user['.tag'] === 'external_id' && arg.new_external_id !== undefined) throw routeError({ '.tag': 'external_id_and_new_external_id_unsafe' });
		for (const f of ['new_email', 'new_given_name', 'new_surname']) if (arg[f] === '') throw routeError({ '.tag': 'param_cannot_be_empty' });
		if (arg.new_email !== undefined && !EMAIL.test(arg.new_email)) throw ctx.argError('new_email', `'${arg.new_email}' is not a valid email address`);
		const others = allMembers(store).filter((m) => m !== member && m.status !== 'removed');
		if (arg.new_email !== undefined && [...store.accounts.values()].some((a) => a !== member && a.email.toLowerCase() === arg.new_email.toLowerCase()))
			throw routeError({ '.tag': 'email_reserved_for_other_user' });
		if (arg.new_external_id !== undefined && others.some((m) => m.external_id === arg.new_external_id)) throw routeError({ '.tag': 'external_id_used_by_other_user' });
		if (arg.new_persistent_id !== undefined && others.some((m) => m.persistent_id === arg.new_persistent_id))
			throw routeError({ '.tag': 'persistent_id_used_by_other_user' });
		if (arg.new_email !== undefined) member.email = arg.new_email;
		if (arg.new_external_id !== undefined) member.external_id = arg.new_external_id;
		if (arg.new_persistent_id !== undefined) member.persistent_id = arg.new_persistent_id;
		if (arg.new_is_directory_restricted !== undefined) member.is_directory_restricted = arg.new_is_directory_restricted;
		if (arg.new_given_name !== undefined || arg.new_surname !== undefined) {
			const given = arg.new_given_name ?? member.name.given_name;
			const surname = arg.new_surname ?? member.name.surname;
			member.name = { given_name: given, surname, familiar_name: given, display_name: `${given} ${surname}`.trim(), abbreviated_name: `${given[0] ?? ''}${surname[0] ?? ''}` };
		}
		return { member_info: memberInfo(teamOf(ctx), member) };
	},

	'team/members/set_admin_permissions_v2': (ctx) => {
		const { store } = ctx.state;
		const team = teamOf(ctx);
		const member = onTeam(ctx, ctx.arg.user);
		const roles = ctx.arg.new_roles ?? [];
		if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string' || !/^pid_dbtmr:.*/.test(r)))
			throw ctx.argError('new_roles', "expected a list of role IDs matching 'pid_dbtmr:.*'");
		if (roles.some((id) => !(team.roles ?? []).some((r) => r.role_id === id))) throw routeError({ '.tag': 'role_not_found' });
		const teamAdminRole = team.roles?.[0].role_id ?? '';
		const admins = activeTeamAdmins(store);
		if (!roles.includes(teamAdminRole) && admins.length === 1 && admins[0] === member) throw routeError({ '.tag': 'last_admin' });
		member.roles = [...new Set(roles)];
		syncRole(store, member);
		return { team_member_id: member.team_member_id, roles: memberInfo(team, member).roles };
	},

	// Assumed: a member who is not invited (already joined) gets nothing and no error.
	'team/members/send_welcome_email': (ctx) => {
		const member = onTeam(ctx, ctx.arg, 'arg');
		if (member.status === 'invited') ctx.state.store.welcomeEmails = [...(ctx.state.store.welcomeEmails ?? []), member.email];
		return null;
	},

	'team/members/get_available_team_member_roles': (ctx) => ({ roles: teamOf(ctx).roles ?? [] }),
};
