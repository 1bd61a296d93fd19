// @ts-check
'use strict';

const { routeError } = require('../answers');
const S = require('../stone');
const { decodeArg } = require('../files/common');
const { launch, check } = require('../files/jobs');
const { Fail, guard, callerOf } = require('../files/ops');
const { resolve, isProblem } = require('../files/paths');
const F = require('../sharing/folders');

const { VOID, bool, uint32, str, list, nullable, struct, union } = S;

/**
 * The shared folder routes of the sharing namespace (sharing.stone), on the model in ../sharing/folders.js.
 *
 * @typedef {import('../dispatch').Context} Context
 */

// ---- argument types, transcribed from sharing.stone ----------------------------------------------

const EmailAddress = str({ max: 255, pattern: "^['#&A-Za-z0-9._%+-]+@[A-Za-z0-9-][A-Za-z0-9.-]*\\.[A-Za-z]{2,15}$", re: /^['#&A-Za-z0-9._%+-]+@[A-Za-z0-9-][A-Za-z0-9.-]*\.[A-Za-z]{2,15}$/ });
const SharedFolderId = str({ pattern: '[-_0-9a-zA-Z:]+' });
const DropboxId = str({ min: 1 });
const AccessLevel = union({ owner: VOID, editor: VOID, viewer: VOID, viewer_no_comment: VOID, traverse: VOID, no_access: VOID });
const MemberPolicy = union({ team: VOID, anyone: VOID, team_and_approved: VOID });
const AclUpdatePolicy = union({ owner: VOID, editors: VOID });
const SharedLinkPolicy = union({ anyone: VOID, team: VOID, members: VOID });
const ViewerInfoPolicy = union({ enabled: VOID, disabled: VOID });
const AccessInheritance = union({ inherit: VOID, no_inherit: VOID });
const FolderAction = union(
	Object.fromEntries(
		'change_options disable_viewer_info edit_contents enable_viewer_info invite_editor invite_viewer invite_viewer_no_comment relinquish_membership unmount unshare leave_a_copy share_link create_link create_view_link create_edit_link set_access_inheritance'
			.split(' ')
			.map((a) => [a, VOID]),
	),
);
const MemberAction = union(Object.fromEntries('leave_a_copy make_editor make_owner make_viewer make_viewer_no_comment remove'.split(' ').map((a) => [a, VOID])));
const MemberSelector = union({ dropbox_id: DropboxId, email: EmailAddress });
// Link settings are the shared links module's business; they are taken as given here.
const LinkSettings = nullable(S.any);

const ShareFolderArg = struct([
	['acl_update_policy', nullable(AclUpdatePolicy)],
	['force_async', bool, false],
	['member_policy', nullable(MemberPolicy)],
	['path', str({ pattern: '(/(.|[\\r\\n])*)|(ns:[0-9]+(/(.|[\\r\\n])*)?)|(id:.*)', re: /^(?:\/[^]*|ns:[0-9]+(?:\/[^]*)?|id:[^\n]*)$/ })],
	['shared_link_policy', nullable(SharedLinkPolicy)],
	['viewer_info_policy', nullable(ViewerInfoPolicy)],
	['access_inheritance', AccessInheritance, { '.tag': 'inherit' }],
	['actions', nullable(list(FolderAction))],
	['link_settings', LinkSettings],
]);
const GetMetadataArgs = struct([
	['shared_folder_id', SharedFolderId],
	['actions', nullable(list(FolderAction))],
]);
const ListFoldersArgs = struct([
	['limit', uint32({ min: 1, max: 1000 }), 1000],
	['actions', nullable(list(FolderAction))],
]);
const CursorArg = struct([['cursor', str()]]);
const IdArg = struct([['shared_folder_id', SharedFolderId]]);
const UnshareFolderArg = struct([
	['shared_folder_id', SharedFolderId],
	['leave_a_copy', bool, false],
]);
const RelinquishFolderMembershipArg = UnshareFolderArg;
const UpdateFolderPolicyArg = struct([
	['shared_folder_id', SharedFolderId],
	['member_policy', nullable(MemberPolicy)],
	['acl_update_policy', nullable(AclUpdatePolicy)],
	['viewer_info_policy', nullable(ViewerInfoPolicy)],
	['shared_link_policy', nullable(SharedLinkPolicy)],
	['link_settings', LinkSettings],
	['actions', nullable(list(FolderAction))],
]);
const TransferFolderArg = struct([
	['shared_folder_id', SharedFolderId],
	['to_dropbox_id', DropboxId],
]);
const SetAccessInheritanceArg = struct([
	['access_inheritance', AccessInheritance, { '.tag': 'inherit' }],
	['shared_folder_id', SharedFolderId],
]);
const AddMember = struct([
	['member', MemberSelector],
	['access_level', nullable(AccessLevel)],
]);
const AddFolderMemberArg = struct([
	['shared_folder_id', SharedFolderId],
	['members', list(AddMember)],
	['quiet', bool, false],
	['custom_message', nullable(str({ min: 1 }))],
]);
const ListFolderMembersArgs = struct([
	['actions', nullable(list(MemberAction))],
	['limit', uint32({ min: 1, max: 1000 }), 1000],
	['shared_folder_id', SharedFolderId],
]);
const UpdateFolderMemberArg = struct([
	['shared_folder_id', SharedFolderId],
	['member', MemberSelector],
	['access_level', AccessLevel],
]);
const RemoveFolderMemberArg = struct([
	['shared_folder_id', SharedFolderId],
	['member', MemberSelector],
	['leave_a_copy', bool],
]);

// ---- helpers --------------------------------------------------------------------------------------

const same = (/** @type {any} */ v) => v;
const tags = (/** @type {Array<{ '.tag': string }> | null} */ actions) => actions?.map((a) => a['.tag']) ?? null;
/** SharedFolderAccessError as the whole error (get_folder_metadata, list_folder_members). @param {any} v */
const bareAccess = (v) => (v['.tag'] === 'access_error' ? v.access_error : v);

/** @param {Context} ctx */
function who(ctx) {
	const c = callerOf(ctx);
	return { ...c, shown: (/** @type {F.SharedFolder} */ folder, /** @type {string[] | null} */ actions = null) => F.folderMetadata(c.store, folder, c.account, c.root, actions) };
}

const CURSOR_MARK = 'SFc1';
/** @param {object} value */
const encode = (value) => CURSOR_MARK + Buffer.from(JSON.stringify(value)).toString('base64url');
/** @param {string} cursor @returns {any} */
function decode(cursor) {
	if (!cursor.startsWith(CURSOR_MARK)) return undefined;
	try {
		return JSON.parse(Buffer.from(cursor.slice(CURSOR_MARK.length), 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
}

/**
 * One page of list_folders / list_mountable_folders from `offset`.
 * @param {Context} ctx @param {{ w: 'mine'|'mountable', a: string, o: number, l: number, x: string[] | null }} k
 */
function foldersPage(ctx, k) {
	const c = who(ctx);
	const all = F.foldersOf(c.store, c.account, k.w);
	const entries = all.slice(k.o, k.o + k.l).map((folder) => c.shown(folder, k.x));
	const next = k.o + k.l;
	return { entries, ...(next < all.length && { cursor: encode({ ...k, o: next }) }) };
}

/** @param {Context} ctx @param {'mine'|'mountable'} which */
function listFolders(ctx, which) {
	const arg = decodeArg(ctx, ListFoldersArgs);
	return foldersPage(ctx, { w: which, a: ctx.caller.user().account_id, o: 0, l: arg.limit, x: tags(arg.actions) });
}

/** @param {Context} ctx @param {'mine'|'mountable'} which */
function listFoldersContinue(ctx, which) {
	const arg = decodeArg(ctx, CursorArg);
	const k = decode(arg.cursor);
	if (!k || k.w !== which || k.a !== ctx.caller.user().account_id) throw routeError({ '.tag': 'invalid_cursor' });
	return foldersPage(ctx, k);
}

/**
 * One page of list_folder_members.
 * @param {Context} ctx @param {{ f: string, a: string, o: number, l: number, x: string[] | null }} k
 */
function membersPage(ctx, k) {
	const c = who(ctx);
	const { folder } = F.access(c.store, c.account, k.f, { pending: true });
	const { users, invitees } = F.memberRows(c.store, folder, c.account, k.x);
	// Users first, then invitees; the limit counts both.
	const rows = [...users.map((u) => ({ kind: 'users', row: u })), ...invitees.map((i) => ({ kind: 'invitees', row: i }))];
	const page = rows.slice(k.o, k.o + k.l);
	const next = k.o + k.l;
	return {
		users: page.filter((r) => r.kind === 'users').map((r) => r.row),
		groups: [],
		invitees: page.filter((r) => r.kind === 'invitees').map((r) => r.row),
		...(next < rows.length && { cursor: encode({ ...k, o: next }) }),
	};
}

/**
 * A job launched for `work`, answered on `checkRoute`; a Fail of the work is the job's `failed` value.
 * @param {Context} ctx @param {string} checkRoute @param {() => unknown} work @param {(v: any) => any} failedAs
 */
const job = (ctx, checkRoute, work, failedAs) =>
	launch(ctx, checkRoute, async () => {
		try {
			return { status: 'complete', value: work() ?? null };
		} catch (error) {
			if (error instanceof Fail) return { status: 'failed', value: failedAs(error.value) };
			throw error;
		}
	});

/**
 * Assumed: a folder with at least this many entries is shared asynchronously ("Large folders will be
 * completed asynchronously"); smaller ones at once unless force_async.
 */
const ASYNC_SHARE_ENTRIES = 50;

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'sharing/share_folder': (ctx) => {
		const arg = decodeArg(ctx, ShareFolderArg);
		const c = who(ctx);
		const loc = resolve(c.store, c.account, c.root, arg.path);
		if (isProblem(loc)) throw routeError({ '.tag': 'bad_path', bad_path: { '.tag': 'invalid_path' } });
		const settings = {
			acl_update_policy: arg.acl_update_policy?.['.tag'],
			member_policy: arg.member_policy?.['.tag'],
			shared_link_policy: arg.shared_link_policy?.['.tag'],
			viewer_info_policy: arg.viewer_info_policy?.['.tag'],
			access_inheritance: arg.access_inheritance['.tag'],
		};
		const large = loc.entry ? c.store.descendants(loc.ns, loc.lower).length >= ASYNC_SHARE_ENTRIES : false;
		const actions = tags(arg.actions);
		if (arg.force_async || large) {
			// The whole share runs as the job: its refusals come back as the job's failed answer.
			return job(ctx, 'sharing/check_share_job_status', () => c.shown(F.share(c.store, c.account, loc, settings, (f) => c.shown(f)), actions), same);
		}
		const folder = guard(() => F.share(c.store, c.account, loc, settings, (f) => c.shown(f)), same);
		return { '.tag': 'complete', ...c.shown(folder, actions) };
	},
	'sharing/check_share_job_status': (ctx) => check(ctx, (value) => ({ '.tag': 'complete', .../** @type {object} */ (value) })),
	'sharing/check_job_status': (ctx) => check(ctx, () => ({ '.tag': 'complete' })),
	'sharing/check_remove_member_job_status': (ctx) => check(ctx, (value) => ({ '.tag': 'complete', .../** @type {object} */ (value ?? {}) })),

	'sharing/get_folder_metadata': (ctx) => {
		const arg = decodeArg(ctx, GetMetadataArgs);
		const c = who(ctx);
		const { folder } = guard(() => F.access(c.store, c.account, arg.shared_folder_id, { pending: true }), bareAccess);
		return c.shown(folder, tags(arg.actions));
	},
	'sharing/list_folders': (ctx) => listFolders(ctx, 'mine'),
	'sharing/list_folders/continue': (ctx) => listFoldersContinue(ctx, 'mine'),
	'sharing/list_mountable_folders': (ctx) => listFolders(ctx, 'mountable'),
	'sharing/list_mountable_folders/continue': (ctx) => listFoldersContinue(ctx, 'mountable'),

	'sharing/mount_folder': (ctx) => {
		const arg = decodeArg(ctx, IdArg);
		const c = who(ctx);
		const folder = guard(() => {
			const { folder, membership } = F.access(c.store, c.account, arg.shared_folder_id, { pending: true });
			F.mount(c.store, c.account, folder, membership);
			return folder;
		}, same);
		return c.shown(folder);
	},
	'sharing/unmount_folder': (ctx) => {
		const arg = decodeArg(ctx, IdArg);
		const c = who(ctx);
		guard(() => {
			const { folder, membership } = F.access(c.store, c.account, arg.shared_folder_id);
			F.unmount(c.store, folder, membership);
		}, same);
		return null;
	},
	'sharing/unshare_folder': (ctx) => {
		const arg = decodeArg(ctx, UnshareFolderArg);
		const c = who(ctx);
		const { folder, membership } = guard(() => F.access(c.store, c.account, arg.shared_folder_id), same);
		if (membership.access !== 'owner') throw routeError({ '.tag': 'no_permission' });
		// Assumed: always answered as a job, as the route's documentation tells callers to check it.
		return job(ctx, 'sharing/check_job_status', () => F.unshare(c.store, folder, arg.leave_a_copy), (v) => ({ '.tag': 'unshare_folder_error', unshare_folder_error: v }));
	},
	'sharing/relinquish_folder_membership': (ctx) => {
		const arg = decodeArg(ctx, RelinquishFolderMembershipArg);
		const c = who(ctx);
		const { folder, membership } = guard(() => F.access(c.store, c.account, arg.shared_folder_id), same);
		if (membership.access === 'owner') throw routeError({ '.tag': 'folder_owner' });
		// "This will run synchronously if leave_a_copy is false, and asynchronously if leave_a_copy is true."
		if (!arg.leave_a_copy) {
			F.relinquish(c.store, c.account, folder, membership, false);
			return { '.tag': 'complete' };
		}
		return job(ctx, 'sharing/check_job_status', () => F.relinquish(c.store, c.account, folder, membership, true), (v) => ({
			'.tag': 'relinquish_folder_membership_error',
			relinquish_folder_membership_error: v,
		}));
	},
	'sharing/transfer_folder': (ctx) => {
		const arg = decodeArg(ctx, TransferFolderArg);
		const c = who(ctx);
		guard(() => {
			const { folder, membership } = F.access(c.store, c.account, arg.shared_folder_id);
			F.transfer(c.store, folder, membership, arg.to_dropbox_id);
		}, same);
		return null;
	},
	'sharing/update_folder_policy': (ctx) => {
		const arg = decodeArg(ctx, UpdateFolderPolicyArg);
		const c = who(ctx);
		const folder = guard(() => {
			const { folder, membership } = F.access(c.store, c.account, arg.shared_folder_id);
			F.updatePolicy(c.store, c.account, folder, membership, arg);
			return folder;
		}, same);
		return c.shown(folder, tags(arg.actions));
	},
	'sharing/set_access_inheritance': (ctx) => {
		const arg = decodeArg(ctx, SetAccessInheritanceArg);
		const c = who(ctx);
		const folder = guard(() => {
			const { folder, membership } = F.access(c.store, c.account, arg.shared_folder_id);
			if (membership.access !== 'owner') throw new Fail({ '.tag': 'no_permission' });
			folder.access_inheritance = arg.access_inheritance['.tag'];
			return folder;
		}, same);
		return { '.tag': 'complete', ...c.shown(folder) };
	},

	'sharing/add_folder_member': (ctx) => {
		const arg = decodeArg(ctx, AddFolderMemberArg);
		const c = who(ctx);
		guard(() => {
			const { folder, membership } = F.access(c.store, c.account, arg.shared_folder_id);
			F.addMembers(c.store, c.account, folder, membership, arg.members);
		}, same);
		return null;
	},
	'sharing/list_folder_members': (ctx) => {
		const arg = decodeArg(ctx, ListFolderMembersArgs);
		const c = who(ctx);
		return guard(() => membersPage(ctx, { f: arg.shared_folder_id, a: c.account.account_id, o: 0, l: arg.limit, x: tags(arg.actions) }), bareAccess);
	},
	'sharing/list_folder_members/continue': (ctx) => {
		const arg = decodeArg(ctx, CursorArg);
		const k = decode(arg.cursor);
		if (!k || k.a !== ctx.caller.user().account_id) throw routeError({ '.tag': 'invalid_cursor' });
		return guard(() => membersPage(ctx, k), same);
	},
	'sharing/update_folder_member': (ctx) => {
		const arg = decodeArg(ctx, UpdateFolderMemberArg);
		const c = who(ctx);
		return guard(() => {
			const { folder, membership } = F.access(c.store, c.account, arg.shared_folder_id);
			return F.updateMember(c.store, folder, membership, arg.member, arg.access_level['.tag']);
		}, same);
	},
	'sharing/remove_folder_member': (ctx) => {
		const arg = decodeArg(ctx, RemoveFolderMemberArg);
		const c = who(ctx);
		const { folder, membership } = guard(() => F.access(c.store, c.account, arg.shared_folder_id), same);
		// Refusals about the caller and the member are answered at once; the removal itself is the job.
		const removal = guard(() => F.removeMember(c.store, folder, membership, arg.member, arg.leave_a_copy), same);
		return job(ctx, 'sharing/check_remove_member_job_status', () => {
			removal();
			return {};
		}, same);
	},
};
