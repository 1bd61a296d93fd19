import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { routeInfo } from '../../shared/client';
import type { ClientOptions, RetryPolicy, TeamContext } from '../../shared';
import { DEFAULT_RETRY } from '../../shared/retry';
import type { InputChecker } from '../../shared/validate';

const defaultMaxAttempts = DEFAULT_RETRY.maxAttempts;
const defaultMaxWaitSeconds = DEFAULT_RETRY.maxWaitMs / 1000;

/** Settings every operation shares: who a team app acts as, the path root, and how patiently to retry. */
export const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Act As',
			name: 'actAs',
			type: 'options',
			options: [
				{ name: 'Connected Account', value: 'self', description: 'Personal apps; team apps calling team routes' },
				{ name: 'Team Admin', value: 'admin', description: 'A team app acting with admin rights on a member\'s Dropbox (only some routes allow it)' },
				{ name: 'Team Member', value: 'member', description: 'A team app acting in a member\'s Dropbox' },
			],
			default: 'self',
			description: 'Who a team (Dropbox Business) app acts as for file, folder, batch and account operations',
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: defaultMaxAttempts,
			description: 'Attempts in all for one Dropbox call when Dropbox rate-limits, fails with a server error or drops the connection',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: defaultMaxWaitSeconds,
			description: 'The longest one Dropbox call may spend waiting between attempts, added up, before it fails',
		},
		{
			displayName: 'Namespace ID',
			name: 'namespaceId',
			type: 'string',
			default: '',
			placeholder: '1234567890',
			description: 'With Path Root "Namespace": the numeric ID of the namespace (shared or team folder) paths are relative to',
		},
		{
			displayName: 'Path Root',
			name: 'pathRoot',
			type: 'options',
			options: [
				{ name: 'Home', value: 'home', description: 'Paths start in the member\'s home folder (Dropbox\'s default)' },
				{ name: 'Namespace', value: 'namespace', description: 'Paths start in the namespace given by Namespace ID' },
				{ name: 'Team Space', value: 'teamSpace', description: 'Paths start at the root of the team space, where team folders live' },
			],
			default: 'home',
			description: 'Which folder paths are relative to; team spaces keep team folders above the member\'s home',
		},
		{
			displayName: 'Team Member ID',
			name: 'teamMemberId',
			type: 'string',
			default: '',
			placeholder: 'dbmid:AAHhy7WsR0x-u4ZCqiDl5Fz5zvuL3kmspwU',
			description: 'With Act As "Team Member" or "Team Admin": the team_member_id to act as',
		},
	],
};

/** The app kind of the credential, so team-only and member-only mistakes fail before any request. */
export type AppType = 'user' | 'team';

export function clientOptionsFor(
	raw: IDataObject,
	routes: string[],
	appType: AppType,
	check: InputChecker,
	itemIndex: number,
): ClientOptions {
	const actAs = (raw.actAs as string | undefined) ?? 'self';
	const needsMember = routes.some((route) => routeInfo(route).auth.includes('user'));
	const teamRoutes = routes.some((route) => routeInfo(route).auth === 'team');
	if (appType === 'user') {
		if (teamRoutes)
			check.fail('Credential', 'is a personal (user-linked) app', 'Team operations need a team-linked Dropbox Business app: create one in the App Console and choose "Team" as the App Type in the credential.');
		if (actAs !== 'self')
			check.fail('Act As', `"${actAs}" needs a team app`, 'Set Act As to "Connected Account" under Request Options, or use a team-linked credential.');
	} else if (needsMember && actAs === 'self') {
		check.fail('Act As', 'is "Connected Account", but a team app has no Dropbox of its own', 'Under Request Options, set Act As to "Team Member" (or "Team Admin") and give the Team Member ID.');
	}
	const team: TeamContext = {};
	if (actAs !== 'self') {
		const memberId = check.required('Team Member ID', raw.teamMemberId);
		if (!memberId.startsWith('dbmid:'))
			check.fail('Team Member ID', `"${memberId}" is not a team member ID`, 'Team member IDs start with "dbmid:".');
		if (actAs === 'admin') team.selectAdmin = memberId;
		else team.selectUser = memberId;
	}
	const pathRoot = (raw.pathRoot as string | undefined) ?? 'home';
	if (pathRoot === 'teamSpace') team.pathRoot = 'teamSpace';
	if (pathRoot === 'namespace') {
		const namespaceId = check.required('Namespace ID', raw.namespaceId);
		if (!/^[0-9]+$/.test(namespaceId))
			check.fail('Namespace ID', `"${namespaceId}" is not a namespace ID`, 'A namespace ID is a number, as in "root_namespace_id" of Account → Get Current or "shared_folder_id".');
		team.pathRoot = { '.tag': 'namespace_id', namespace_id: namespaceId };
	}
	const retry: RetryPolicy = {
		maxAttempts: Math.max(1, Math.floor(Number(raw.maxAttempts ?? defaultMaxAttempts))),
		maxWaitMs: Math.max(0, Number(raw.maxWaitSeconds ?? defaultMaxWaitSeconds)) * 1000,
	};
	return { team, retry, itemIndex };
}
