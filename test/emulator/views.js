// @ts-check
'use strict';

/**
 * How store records look on the wire (Stone JSON: void union members as {".tag": ...}, absent
 * optional fields left out). Routes and checks that show an account or the team go through here.
 *
 * @typedef {import('./store').Store} Store
 * @typedef {import('./store').Account} Account
 */

const tag = (/** @type {string} */ t) => ({ '.tag': t });

/** common.RootInfo: "team" when the user's root (the team space) differs from their home. @param {Account} a */
function rootInfo(a) {
	return a.root_namespace_id !== a.home_namespace_id
		? { '.tag': 'team', root_namespace_id: a.root_namespace_id, home_namespace_id: a.home_namespace_id, home_path: a.home_path }
		: { '.tag': 'user', root_namespace_id: a.root_namespace_id, home_namespace_id: a.home_namespace_id };
}

/** users.FullTeam @param {import('./store').Team} team */
const fullTeam = (team) => ({
	id: team.team_id,
	name: team.name,
	sharing_policies: {
		shared_folder_member_policy: tag('anyone'),
		shared_folder_join_policy: tag('from_anyone'),
		shared_link_create_policy: tag('default_public'),
		group_creation_policy: tag('admins_only'),
		shared_folder_link_restriction_policy: tag('anyone'),
		enforce_link_password_policy: tag('optional'),
		default_link_expiration_days_policy: tag('none'),
		shared_link_default_permissions_policy: tag('default'),
	},
	office_addin_policy: tag('disabled'),
	top_level_content_policy: tag('admin_only'),
});

/** users.FullAccount @param {Store} store @param {Account} a */
function fullAccount(store, a) {
	return {
		account_id: a.account_id,
		name: { ...a.name },
		email: a.email,
		email_verified: a.email_verified,
		disabled: a.disabled,
		country: a.country,
		locale: a.locale,
		referral_link: a.referral_link,
		is_paired: a.is_paired,
		account_type: tag(a.account_type),
		root_info: rootInfo(a),
		...(a.team_member_id && store.team && { team: fullTeam(store.team), team_member_id: a.team_member_id }),
	};
}

/**
 * users.BasicAccount as `viewer` sees `a`: teammates (and oneself) get is_teammate and the member id.
 * @param {Account} a @param {Account} viewer
 */
function basicAccount(a, viewer) {
	const teammate = a === viewer || Boolean(a.team_member_id && viewer.team_member_id);
	return {
		account_id: a.account_id,
		name: { ...a.name },
		email: a.email,
		email_verified: a.email_verified,
		disabled: a.disabled,
		is_teammate: teammate,
		...(teammate && a.team_member_id && { team_member_id: a.team_member_id }),
	};
}

/**
 * team.TeamMemberStatus: active, invited, suspended, or removed with whether it can still be recovered.
 * @param {Account} m
 */
function memberStatus(m) {
	if (m.status !== 'removed') return tag(m.status ?? 'active');
	return { '.tag': 'removed', is_recoverable: Boolean(m.recoverable), is_disconnected: Boolean(m.keptAccount) };
}

/** team.TeamMemberProfile @param {Account} m */
const teamMemberProfile = (m) => ({
	team_member_id: m.team_member_id,
	account_id: m.status === 'invited' ? undefined : m.account_id,
	email: m.email,
	email_verified: m.email_verified,
	secondary_emails: [],
	status: memberStatus(m),
	name: { ...m.name },
	membership_type: tag('full'),
	...(m.external_id !== undefined && { external_id: m.external_id }),
	...(m.persistent_id !== undefined && { persistent_id: m.persistent_id }),
	...(m.status === 'invited' ? { invited_on: m.joined_on } : { joined_on: m.joined_on }),
	...(m.suspended_on && m.status === 'suspended' && { suspended_on: m.suspended_on }),
	is_directory_restricted: Boolean(m.is_directory_restricted),
	groups: [],
	member_folder_id: m.home_namespace_id,
	root_folder_id: m.root_namespace_id,
});

module.exports = { tag, rootInfo, fullTeam, fullAccount, basicAccount, teamMemberProfile, memberStatus };
