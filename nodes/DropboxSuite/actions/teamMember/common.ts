// What the Team Member operations share: how a member is named (Dropbox's UserSelectorArg), the checks of
// emails, member IDs and role IDs before any call, and Dropbox's member errors with what to do about them.
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { CallOptions } from '../../../shared/client';
import { errorTags, rethrow } from '../../../shared/errors';
import type { JobKind } from '../../../shared/jobs';
import { dropboxErrorOf } from '../../../shared/reconcile';
import type { InputChecker } from '../../../shared/validate';
import { checkTeamMember, teamMemberLocator } from '../common/teamMembers';
import type { OperationContext } from '../types';

/** A role ID of List Available Roles. */
const ROLE_ID = /^pid_dbtmr:[A-Za-z0-9_-]+$/;

/** Dropbox's UserSelectorArg. */
export type UserSelector = { '.tag': 'team_member_id'; team_member_id: string } | { '.tag': 'email'; email: string } | { '.tag': 'external_id'; external_id: string };

/** An email, checked as the team member locator checks its By Email mode. */
export function checkEmail(check: InputChecker, parameter: string, value: unknown): string {
	const email = check.required(parameter, value);
	checkTeamMember(check, parameter, { mode: 'email', value: email });
	return email;
}

/** A team member ID, checked as the team member locator checks its By ID mode. */
export function checkMemberId(check: InputChecker, parameter: string, value: unknown): string {
	return checkTeamMember(check, parameter, { mode: 'id', value: check.required(parameter, value) }).value;
}

export function checkRoleId(check: InputChecker, parameter: string, value: string): string {
	if (!ROLE_ID.test(value))
		check.fail(parameter, `"${value}" is not a role ID`, 'Role IDs start with "pid_dbtmr:"; Team Member → List Available Roles gives the team\'s roles and their IDs.');
	return value;
}

/**
 * The member a team member locator names, as Dropbox's user selector, checked before any call. Team routes take
 * an email as it is, so nothing is looked up.
 */
export function memberSelector(check: InputChecker, parameter: string, value: unknown): UserSelector {
	const checked = checkTeamMember(check, parameter, value);
	if (!checked.value) check.fail(parameter, 'is empty', 'Pick the member from the list, or give their email or team member ID.');
	return checked.email ? { '.tag': 'email', email: checked.value } : { '.tag': 'team_member_id', team_member_id: checked.value };
}

/** A member parameter: the team member locator (From List, By Email, By ID). */
export function memberField(name: string, displayName: string, description: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return teamMemberLocator(name, displayName, { required: true, description, ...extra });
}

/** The member a member parameter names, checked before any call. */
export const memberOf = (ctx: OperationContext, parameter: string, displayName: string) => memberSelector(ctx.check, displayName, ctx.param(parameter, ''));

/** Hints for the member errors a user can act on, by union tag (the first that matches wins). */
const HINTS: Record<string, string> = {
	id_not_found: 'No member of the team has this ID or email.',
	user_not_found: 'No member of the team has this ID or email. Check it with Team Member → List.',
	user_not_in_team: 'This person is no longer on the team (removed). Recover them first, or check the member.',
	user_already_on_team: 'This person is already a member of the team.',
	user_on_another_team: 'This person belongs to another Dropbox team; they must leave it first.',
	team_license_limit: 'The team has no free licence left. Add licences in the admin console or remove a member.',
	free_team_member_limit_reached: 'The team plan allows no more members.',
	duplicate_external_member_id: 'Another member already has this external ID.',
	duplicate_member_persistent_id: 'Another member already has this persistent ID.',
	persistent_id_disabled: 'Persistent IDs are off for this team (they need single sign-on).',
	user_creation_failed: 'Dropbox could not create this member (for example a role ID that is not the team\'s). Check the values and try again.',
	suspend_inactive_user: 'Only active members can be suspended; this one is invited or already suspended.',
	suspend_last_admin: 'This is the team\'s last admin: make another member a team admin first.',
	unsuspend_non_suspended_member: 'This member is not suspended.',
	user_unrecoverable: 'This member can no longer be recovered (more than 7 days ago, their files were transferred, or their account was kept as a Basic account).',
	remove_last_admin: 'This is the team\'s last admin: make another member a team admin first.',
	last_admin: 'This is the team\'s last admin: make another member a team admin before taking the role away.',
	role_not_found: 'A role ID is not one of this team\'s roles. Team Member → List Available Roles gives them.',
	cannot_set_permissions: 'Dropbox does not allow changing this member\'s roles.',
	removed_and_transfer_dest_should_differ: 'Transfer To must be another member than the one removed.',
	removed_and_transfer_admin_should_differ: 'Transfer Admin must be another member than the one removed.',
	transfer_dest_user_not_found: 'Transfer To names nobody on the team.',
	transfer_dest_user_not_in_team: 'Transfer To names someone no longer on the team.',
	transfer_admin_user_not_found: 'Transfer Admin names nobody on the team.',
	transfer_admin_user_not_in_team: 'Transfer Admin names someone no longer on the team.',
	transfer_admin_is_not_admin: 'Transfer Admin must be a team admin.',
	unspecified_transfer_admin_id: 'Transferring files needs Transfer Admin: the admin who gets any errors of the transfer.',
	cannot_keep_account_and_transfer: 'A member kept as a Basic account keeps their files: choose either Keep Account or Transfer To.',
	cannot_keep_account_and_delete_data: 'Keeping the account needs Wipe Data off.',
	cannot_keep_invited_user_account: 'An invited member has no account to keep: turn Keep Account off.',
	cannot_retain_shares_when_data_wiped: 'Retain Team Shares needs Wipe Data off.',
	cannot_retain_shares_when_no_account_kept: 'Retain Team Shares needs Keep Account on.',
	no_new_data_specified: 'Give at least one field to change.',
	email_reserved_for_other_user: 'Another Dropbox account uses this email address.',
	external_id_used_by_other_user: 'Another member already has this external ID.',
	external_id_and_new_external_id_unsafe: 'A member named by external ID cannot get a new external ID in the same call: name them by email or team member ID.',
	persistent_id_used_by_other_user: 'Another member already has this persistent ID.',
	param_cannot_be_empty: 'A field to change was given empty; leave it out instead.',
	set_profile_disallowed: 'Dropbox does not allow changing this member\'s profile (for example one managed by the identity provider).',
	directory_restricted_off: 'Directory restriction is off for this team.',
};

/** Gives a Dropbox error the hint for its tag (in place of the general one), and rethrows every error. */
export function withHint(ctx: OperationContext, error: unknown, hints: Record<string, string> = HINTS): never {
	const tags = errorTags({ error: dropboxErrorOf(error) });
	const hint = tags.map((tag) => hints[tag] ?? HINTS[tag]).find(Boolean);
	if (error instanceof NodeApiError && hint && error.description?.includes("See Dropbox's error"))
		error.description = error.description.replace(/See Dropbox's error[^]*$/, hint);
	rethrow(ctx.fn.getNode(), error);
}

/** A team call, its errors carrying a hint. */
export async function call<T = IDataObject>(
	ctx: OperationContext,
	route: string,
	arg?: unknown,
	options: CallOptions<T> & { hints?: Record<string, string> } = {},
): Promise<T> {
	try {
		return await ctx.dropbox.rpc<T>(route, arg, options);
	} catch (error) {
		withHint(ctx, error, options.hints);
	}
}

/** The member's TeamMemberInfoV2 now, or null when nobody on the team has the selector. */
export async function memberNow(ctx: Pick<OperationContext, 'dropbox'>, selector: UserSelector): Promise<IDataObject | null> {
	const { members_info: [info] } = await ctx.dropbox.rpc<{ members_info: IDataObject[] }>('team/members/get_info_v2', { members: [selector] });
	return info?.['.tag'] === 'member_info' ? info : null;
}

/** The status tag of a TeamMemberInfoV2 (active, invited, suspended, removed). */
export const statusOf = (info: IDataObject | null) => ((((info?.profile as IDataObject | undefined)?.status as IDataObject | undefined)?.['.tag'] as string | undefined) ?? null);

/** A job whose complete answer says nothing more than that it is done. */
const empty = () => [{ ok: true as const, metadata: {} }];

/** Member add results: success carries the member's info, every other tag is that member's failure. */
function addResults(complete: IDataObject): Array<{ ok: true; metadata: IDataObject } | { ok: false; failure: IDataObject }> {
	return ((complete.complete as IDataObject[] | undefined) ?? []).map((result) => {
		const { '.tag': tag, ...rest } = result;
		return tag === 'success' ? { ok: true, metadata: rest } : { ok: false, failure: result };
	});
}

/**
 * The member jobs, kept here rather than in JOB_KINDS: File → Get Job Status offers every kind there, and
 * its scopes would then include members.write and members.delete for file jobs too.
 */
export const MEMBER_JOBS = {
	add: { name: 'Add Team Members', checkRoute: 'team/members/add/job_status/get_v2', decode: addResults },
	remove: { name: 'Remove Team Member', checkRoute: 'team/members/remove/job_status/get', decode: empty },
} satisfies Record<string, JobKind>;

/**
 * A call that moves a member from one status to another (suspend, unsuspend, recover). These are unsafe to
 * repeat; after a lost answer the member's status tells whether it took effect.
 */
export async function changeStatus(ctx: OperationContext, route: string, arg: IDataObject & { user: UserSelector }, from: string, to: string): Promise<IDataObject> {
	await call(ctx, route, arg, {
		reconcile: {
			whatToCheck: `whether the member's status is "${to}" in Team Member → Get`,
			check: async () => {
				const status = statusOf(await memberNow(ctx, arg.user));
				if (status === to) return { applied: true, result: null };
				return status === from ? { applied: false } : { applied: 'unknown' };
			},
		},
	});
	const info = await memberNow(ctx, arg.user);
	return { member: arg.user[arg.user['.tag'] as keyof UserSelector], status: statusOf(info) ?? to };
}
