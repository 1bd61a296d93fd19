import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { dropboxApiError, errorTags } from '../../nodes/shared/errors';

const node: INode = {
	id: '1',
	name: 'Dropbox Suite',
	type: 'n8n-nodes-dropbox-suite.dropboxSuite',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('dropboxApiError', () => {
	it('names the missing scope and says to reconnect', () => {
		const error = dropboxApiError(node, 'users/get_account', { account_id: 'dbid:x' }, {
			status: 401,
			headers: {},
			body: { error_summary: 'missing_scope/..', error: { '.tag': 'missing_scope', required_scope: 'sharing.read' } },
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Dropbox: missing_scope');
		expect(error.description).toContain('"sharing.read"');
		expect(error.description).toContain('Reconnect');
		expect(error.httpCode).toBe('401');
	});

	it('names the path of a path error and the fix', () => {
		const error = dropboxApiError(node, 'files/get_metadata', { path: '/Reports/Q3.pdf' }, {
			status: 409,
			headers: {},
			body: { error_summary: 'path/not_found/...', error: { '.tag': 'path', path: { '.tag': 'not_found' } } },
		});
		expect(error.message).toBe('Dropbox: path/not_found');
		expect(error.description).toContain('"/Reports/Q3.pdf"');
	});

	it('names the destination for a conflict at to_path', () => {
		const error = dropboxApiError(node, 'files/copy_v2', { from_path: '/a', to_path: '/b' }, {
			status: 409,
			headers: {},
			body: { error_summary: 'to/conflict/file/..', error: { '.tag': 'to', to: { '.tag': 'conflict', conflict: { '.tag': 'file' } } } },
		});
		expect(error.description).toContain('"/b"');
		expect(error.description).toContain('Overwrite');
	});

	it('carries Dropbox\'s user_message', () => {
		const error = dropboxApiError(node, 'files/upload', { path: '/x' }, {
			status: 409,
			headers: {},
			body: { error_summary: 'path/insufficient_space/..', error: { '.tag': 'path', reason: { '.tag': 'insufficient_space' } }, user_message: { locale: 'en', text: 'Your Dropbox is full.' } },
		});
		expect(error.description).toContain('Dropbox says: Your Dropbox is full.');
		expect(error.description).toContain('out of space');
	});

	it('says to reconnect after an expired token, and explains the 422 path root change', () => {
		const expired = dropboxApiError(node, 'users/get_current_account', undefined, {
			status: 401,
			headers: {},
			body: { error_summary: 'expired_access_token/', error: { '.tag': 'expired_access_token' } },
		});
		expect(expired.description).toMatch(/expired.*Reconnect/s);
		const root = dropboxApiError(node, 'files/list_folder', { path: '' }, {
			status: 422,
			headers: {},
			body: { error_summary: 'invalid_root/..', error: { '.tag': 'invalid_root' } },
		});
		expect(root.description).toContain('team space root changed');
	});

	it('shows a plain-text 400 and a give-up count', () => {
		const error = dropboxApiError(node, 'files/upload', {}, { status: 400, headers: {}, body: 'Error in call to API function "files/upload": HTTP header "Dropbox-API-Arg": could not decode input as JSON' }, { attempts: 1 });
		expect(error.message).toContain('could not decode input as JSON');
		const limited = dropboxApiError(node, 'users/get_current_account', undefined, { status: 429, headers: {}, body: 'Too many requests' }, { attempts: 5 });
		expect(limited.description).toContain('Gave up after 5 attempts');
	});

	it('keeps no request data such as the Authorization header in the error', () => {
		const error = dropboxApiError(node, 'users/get_current_account', undefined, {
			status: 401,
			headers: { authorization: 'Bearer secret-token' },
			body: { error_summary: 'invalid_access_token/', error: { '.tag': 'invalid_access_token' } },
		});
		expect(JSON.stringify({ ...error, message: error.message, description: error.description })).not.toContain('secret-token');
	});
});

describe('errorTags', () => {
	it('follows nested unions and "reason" members', () => {
		expect(errorTags({ error: { '.tag': 'path', path: { '.tag': 'conflict', conflict: { '.tag': 'folder' } } } })).toEqual(['path', 'conflict', 'folder']);
		expect(errorTags({ error: { '.tag': 'path', reason: { '.tag': 'not_found' } } })).toEqual(['path', 'not_found']);
		expect(errorTags('text')).toEqual([]);
	});
});

describe('path error hints lead to what was meant', () => {
	const pathError = (route: string, arg: object, error: object, summary: string) =>
		dropboxApiError(node, route, arg, { status: 409, headers: {}, body: { error_summary: summary, error } }).description;

	it('a file where a folder is needed: the folder holding it', () => {
		expect(pathError('files/list_folder', { path: '/Notes/a.txt' }, { '.tag': 'path', path: { '.tag': 'not_folder' } }, 'path/not_folder/')).toBe(
			'"/Notes/a.txt" is a file, but this operation needs a folder: give the folder\'s path, such as "/Notes" for the folder holding it.',
		);
	});

	it('a conflict with a folder: a name inside it, not Overwrite; with a file: Overwrite or Autorename', () => {
		const conflict = (with_: string) =>
			pathError('files/upload', { path: '/Notes' }, { '.tag': 'path', path: { '.tag': 'conflict', conflict: { '.tag': with_ } } }, `path/conflict/${with_}/`);
		expect(conflict('folder')).toContain('add the file\'s name after a slash, such as "/Notes/report.pdf"');
		expect(conflict('folder')).not.toContain('Overwrite mode');
		expect(conflict('file')).toContain('Choose the Overwrite mode');
		expect(conflict('file_ancestor')).toContain('is a file in Dropbox');
	});

	it('gives no made-up path for an ID', () => {
		const hint = pathError('files/download', { path: 'id:abc' }, { '.tag': 'path', path: { '.tag': 'not_file' } }, 'path/not_file/');
		expect(hint).toBe('"id:abc" is a folder, but this operation needs a file: give the path of a file.');
	});
});
