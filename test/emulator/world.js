// @ts-check
'use strict';

const { accountId, teamMemberId, teamId, stableId } = require('./ids');

/**
 * The people the stand-in starts with: one personal (individual) account, one outsider who is only
 * ever looked up, and a Dropbox Business team with a team space (a separate root namespace in which
 * each member's home folder is mounted as "/<display name>"). Names carry non-ASCII characters on
 * purpose: they must survive JSON bodies and header-safe Dropbox-API-Result headers.
 */

const TIB = 1024 ** 4;

/**
 * @param {string} given @param {string} surname
 * @returns {import('./store').Name}
 */
const personName = (given, surname) => ({
	given_name: given,
	surname,
	familiar_name: given,
	display_name: `${given} ${surname}`,
	abbreviated_name: `${given[0]}${surname[0]}`,
});

/**
 * @param {import('./store').Store} store
 * @param {{ seed: string, name: import('./store').Name, email: string, country: string, accountType: 'basic'|'pro' }} person
 */
function addIndividual(store, { seed, name, email, country, accountType }) {
	const home = store.createNamespace('user_home', name.display_name);
	return store.addAccount({
		account_id: accountId(seed),
		name,
		email,
		email_verified: true,
		disabled: false,
		country,
		locale: 'en',
		referral_link: `https://www.dropbox.com/referrals/AA${seed.replace(/\W/g, '')}?src=global9`,
		account_type: accountType,
		is_paired: false,
		home_namespace_id: home.id,
		root_namespace_id: home.id,
		allocated: 2 * TIB,
	});
}

/** The admin roles a team offers (team/members/get_available_team_member_roles); a member without one is member only. */
const TEAM_ROLES = [
	['team_admin', 'Team', 'Manage everything and access all permissions'],
	['user_management_admin', 'User management', 'Add, edit, and delete members'],
	['support_admin', 'Support', 'Help members with their accounts'],
	['billing_admin', 'Billing', 'Manage billing and payments'],
	['content_admin', 'Content', 'Manage team folders and content'],
	['compliance_admin', 'Compliance', 'Manage data governance and legal holds'],
	['security_admin', 'Security', 'Manage security settings and devices'],
	['reports_admin', 'Reports', 'View activity and reports'],
].map(([slug, name, description]) => ({ role_id: `pid_dbtmr:${stableId(`role:${slug}`, 22)}`, name, description }));

/**
 * A new team folder with its namespace; in a team space it is mounted at the root, where members see it.
 * @param {import('./store').Store} store @param {import('./store').Team} team @param {string} name
 */
function createTeamFolder(store, team, name) {
	const ns = store.createNamespace('team_folder', name);
	if (team.teamSpace !== false) store.mount(team.root_namespace_id, `/${name}`, ns.id);
	/** @type {import('./store').TeamFolder} */
	const folder = { team_folder_id: ns.id, name, status: 'active', sync_setting: 'default', content_sync_settings: [] };
	(team.teamFolders ??= new Map()).set(ns.id, folder);
	return folder;
}

/** @param {import('./store').Store} store */
function seedWorld(store) {
	const personal = addIndividual(store, {
		seed: 'personal',
		name: personName('Robin', 'Fischer'),
		email: 'robin.fischer@example.com',
		country: 'DE',
		accountType: 'pro',
	});
	addIndividual(store, {
		seed: 'outsider',
		name: personName('Mateo', 'Álvarez'),
		email: 'mateo.alvarez@example.org',
		country: 'ES',
		accountType: 'basic',
	});

	const teamRoot = store.createNamespace('team_root', 'Nordlicht Études GmbH');
	const people = [
		{ seed: 'admin', name: personName('Zoë', 'Ångström'), email: 'zoe@nordlicht.example', role: /** @type {const} */ ('team_admin') },
		{ seed: 'member-1', name: personName('Jonas', 'Berg'), email: 'jonas@nordlicht.example', role: /** @type {const} */ ('member_only') },
		{ seed: 'member-2', name: personName('Léa', 'Dubois'), email: 'lea@nordlicht.example', role: /** @type {const} */ ('member_only') },
	];
	const members = people.map(({ seed, name, email, role }) => {
		const home = store.createNamespace('team_member_folder', name.display_name);
		store.mount(teamRoot.id, `/${name.display_name}`, home.id);
		return store.addAccount({
			account_id: accountId(seed),
			name,
			email,
			email_verified: true,
			disabled: false,
			country: 'DE',
			locale: 'de',
			referral_link: `https://www.dropbox.com/referrals/AA${seed.replace(/\W/g, '')}?src=global9`,
			account_type: 'business',
			is_paired: false,
			home_namespace_id: home.id,
			root_namespace_id: teamRoot.id,
			home_path: `/${name.display_name}`,
			allocated: 0,
			team_member_id: teamMemberId(seed),
			role,
			roles: role === 'team_admin' ? [TEAM_ROLES[0].role_id] : [],
			status: /** @type {const} */ ('active'),
			external_id: `HR-${seed}`,
			joined_on: '2024-03-04T09:15:00Z',
		});
	});
	store.team = {
		team_id: teamId('nordlicht'),
		name: teamRoot.name,
		root_namespace_id: teamRoot.id,
		adminMemberId: /** @type {string} */ (members[0].team_member_id),
		memberIds: members.map((m) => /** @type {string} */ (m.team_member_id)),
		allocated: 5 * TIB,
		num_licensed_users: 10,
		teamSpace: true,
		roles: TEAM_ROLES,
		teamFolders: new Map(),
		archivePolls: 2,
	};
	// One team folder in the team space, as a team migrated to a team space keeps its folders.
	createTeamFolder(store, store.team, 'Projekte');
	store.personalAccountId = personal.account_id;
}

module.exports = { seedWorld, createTeamFolder, TEAM_ROLES };
