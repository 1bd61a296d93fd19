// @ts-check
'use strict';

const { routeError } = require('../answers');
const { decodeArg } = require('../files/common');
const { callerOf } = require('../files/ops');
const F = require('../sharing/files');

const { T, SharingFail, guard, tagged, accessError, reach, mayManage, sharedFilesOf } = F;

/**
 * File sharing: members of a file (add, list, update, remove), its sharing metadata, the files shared with the
 * caller, unsharing, leaving a file, and its viewer-info policy. The model is in ../sharing/files.js.
 *
 * @typedef {import('../dispatch').Context} Context
 */

/** The caller and the file its argument names. @param {Context} ctx @param {string} file */
function reached(ctx, file) {
	const c = callerOf(ctx);
	return { c, r: reach(c.store, c.account, c.root, file) };
}

/** One file's entry of a batch answer: its result, or its access error. @param {() => any} fn @param {string} okTag */
function perFile(fn, okTag) {
	try {
		return { '.tag': okTag, ...fn() };
	} catch (error) {
		if (error instanceof SharingFail && error.value['.tag'] === 'access_error') return error.value;
		throw error;
	}
}

/** A listing cursor of this kind for this caller, or the route's invalid_cursor. @param {Context} ctx @param {'members'|'received'} kind */
function cursorOf(ctx, kind) {
	const arg = decodeArg(ctx, T.CursorArg);
	const cursor = sharedFilesOf(ctx.state.store).cursors.get(arg.cursor);
	if (!cursor || cursor.kind !== kind || cursor.viewer !== ctx.caller.user().account_id) throw routeError(tagged('invalid_cursor'));
	return cursor;
}

/** Every file shared with the caller (a member, not the owner), most recently invited first. @param {Context} ctx */
function receivedRows(ctx) {
	const c = callerOf(ctx);
	const rows = [];
	for (const share of sharedFilesOf(c.store).shares.values()) {
		const m = share.members.get(c.account.account_id);
		const found = m && c.store.byEntryId(share.fileId);
		if (m && found) rows.push({ entry: found.entry, share, access: m.access, path: undefined, invited: m.time_invited });
	}
	return { c, rows: rows.reverse() };
}

/** @param {Context} ctx @param {{ offset: number, limit: number, actions: string[] | null }} at */
function receivedPage(ctx, at) {
	const { c, rows } = receivedRows(ctx);
	const entries = rows.slice(at.offset, at.offset + at.limit).map((r) => F.sharedFileMetadata(c.store, r, c.account, at.actions));
	/** @type {Record<string, unknown>} */
	const out = { entries };
	if (at.offset + at.limit < rows.length)
		out.cursor = F.newCursor(c.store, { kind: 'received', viewer: c.account.account_id, offset: at.offset + at.limit, limit: at.limit, actions: at.actions });
	return out;
}

/** @param {any[] | null} actions */
const tags = (actions) => (actions ? actions.map((a) => a['.tag']) : null);

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'sharing/add_file_member': (ctx) => {
		const arg = decodeArg(ctx, T.AddFileMemberArgs);
		return guard(() => {
			const { c, r } = reached(ctx, arg.file);
			return F.addMembers(c.store, r, arg);
		});
	},

	'sharing/list_file_members': (ctx) => {
		const arg = decodeArg(ctx, T.ListFileMembersArg);
		return guard(() => {
			const { c, r } = reached(ctx, arg.file);
			return F.membersPage(c.store, r.share, c.account, { offset: 0, limit: arg.limit, includeInherited: arg.include_inherited, actions: tags(arg.actions) });
		});
	},

	'sharing/list_file_members/continue': (ctx) => {
		const cursor = /** @type {Extract<import('../sharing/files').Cursor, { kind: 'members' }>} */ (cursorOf(ctx, 'members'));
		return guard(() => {
			const { c, r } = reached(ctx, cursor.fileId);
			return F.membersPage(c.store, r.share, c.account, cursor);
		});
	},

	// Per file: the members (the batch route returns no permissions), or the file's access error.
	'sharing/list_file_members/batch': (ctx) => {
		const arg = decodeArg(ctx, T.ListFileMembersBatchArg);
		const c = callerOf(ctx);
		return arg.files.map((/** @type {string} */ file) => ({
			file,
			result: perFile(() => {
				const r = reach(c.store, c.account, c.root, file);
				const members = F.membersPage(c.store, r.share, c.account, { offset: 0, limit: arg.limit, includeInherited: false, actions: null });
				return { members, member_count: r.share.members.size + r.share.invitees.size + 1 };
			}, 'result'),
		}));
	},

	'sharing/get_file_metadata': (ctx) => {
		const arg = decodeArg(ctx, T.GetFileMetadataArg);
		return guard(() => {
			const { c, r } = reached(ctx, arg.file);
			return F.sharedFileMetadata(c.store, r, c.account, tags(arg.actions));
		});
	},

	'sharing/get_file_metadata/batch': (ctx) => {
		const arg = decodeArg(ctx, T.GetFileMetadataBatchArg);
		const c = callerOf(ctx);
		return arg.files.map((/** @type {string} */ file) => ({
			file,
			result: perFile(() => F.sharedFileMetadata(c.store, reach(c.store, c.account, c.root, file), c.account, tags(arg.actions)), 'metadata'),
		}));
	},

	'sharing/list_received_files': (ctx) => {
		const arg = decodeArg(ctx, T.ListFilesArg);
		return receivedPage(ctx, { offset: 0, limit: arg.limit, actions: tags(arg.actions) });
	},

	'sharing/list_received_files/continue': (ctx) => {
		const cursor = /** @type {Extract<import('../sharing/files').Cursor, { kind: 'received' }>} */ (cursorOf(ctx, 'received'));
		return receivedPage(ctx, cursor);
	},

	// FileMemberRemoveActionResult: a member that cannot be removed is answered with 200 and member_error.
	'sharing/remove_file_member_2': (ctx) => {
		const arg = decodeArg(ctx, T.RemoveFileMemberArg);
		return guard(() => {
			const { c, r } = reached(ctx, arg.file);
			if (!mayManage(r)) throw accessError('no_permission');
			const found = F.findMember(c.store, r.share, arg.member);
			if (!found) return { '.tag': 'member_error', member_error: tagged('invalid_member') };
			if (found.kind === 'owner') return { '.tag': 'member_error', member_error: tagged('no_permission') };
			if (found.kind === 'user') r.share.members.delete(found.accountId);
			else r.share.invitees.delete(found.key);
			return { '.tag': 'success', success: {} };
		});
	},

	// Assumed: "owner" (and traverse, no_access) cannot be given here: no_permission, as for the owner's own access.
	'sharing/update_file_member': (ctx) => {
		const arg = decodeArg(ctx, T.UpdateFileMemberArgs);
		return guard(() => {
			const { c, r } = reached(ctx, arg.file);
			if (!mayManage(r)) throw accessError('no_permission');
			const found = F.findMember(c.store, r.share, arg.member);
			if (!found) throw new SharingFail(tagged('invalid_member'));
			const level = arg.access_level['.tag'];
			if (found.kind === 'owner' || !['editor', 'viewer', 'viewer_no_comment'].includes(level)) throw new SharingFail(tagged('no_permission'));
			found.m.access = level;
			return {};
		});
	},

	'sharing/unshare_file': (ctx) => {
		const arg = decodeArg(ctx, T.FileArg);
		return guard(() => {
			const { r } = reached(ctx, arg.file);
			if (!mayManage(r)) throw accessError('no_permission');
			r.share.members.clear();
			r.share.invitees.clear();
			return null;
		});
	},

	// The owner cannot leave their own file: no_permission.
	'sharing/relinquish_file_membership': (ctx) => {
		const arg = decodeArg(ctx, T.FileArg);
		return guard(() => {
			const { c, r } = reached(ctx, arg.file);
			if (r.access === 'owner') throw new SharingFail(tagged('no_permission'));
			r.share.members.delete(c.account.account_id);
			return null;
		});
	},

	// Best-effort and idempotent (sharing.stone): a caller without access any more is answered with success.
	// Assumed: a file_id that names no live file, or a malformed one, answers invalid_file_id; folders are not modelled.
	'sharing/relinquish_access': (ctx) => {
		const arg = decodeArg(ctx, T.RelinquishAccessArg);
		const c = callerOf(ctx);
		const found = c.store.byEntryId(arg.file_id);
		if (!found) throw routeError(tagged('invalid_file_id'));
		const share = sharedFilesOf(c.store).shares.get(found.entry.id);
		const ownTree = c.store.accessibleNamespaces(c.account).has(found.ns);
		if (share?.ownerId === c.account.account_id || (!share && ownTree)) throw routeError(tagged('owner'));
		share?.members.delete(c.account.account_id);
		return {};
	},

	'sharing/update_file_policy': (ctx) => {
		const arg = decodeArg(ctx, T.UpdateFilePolicyArg);
		return guard(() => {
			const { c, r } = reached(ctx, arg.file);
			if (!mayManage(r)) throw new SharingFail(tagged('no_permission'));
			if (arg.viewer_info_policy) r.share.viewerInfoPolicy = arg.viewer_info_policy['.tag'];
			return F.sharedFileMetadata(c.store, r, c.account, tags(arg.actions));
		});
	},
};
