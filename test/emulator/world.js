// @ts-check
'use strict';

const { accountId, teamMemberId, teamId } = require('./ids');

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
	};
	store.personalAccountId = personal.account_id;
}

module.exports = { seedWorld };
