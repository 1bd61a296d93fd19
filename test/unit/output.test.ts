import { simplified, simplifyMetadata } from '../../nodes/DropboxSuite/actions/common/output';
import { simplifyProperty } from '../../nodes/DropboxSuite/actions/common/options';

// A file's metadata as files/list_folder returns it with every detail Dropbox can add.
const file = {
	'.tag': 'file',
	name: 'report.pdf',
	id: 'id:a4ayc_80_OEAAAAAAAAAXw',
	path_lower: '/reports/report.pdf',
	path_display: '/Reports/report.pdf',
	client_modified: '2026-01-02T03:04:05Z',
	server_modified: '2026-01-02T03:04:06Z',
	rev: 'a1c10ce0dd78',
	size: 7212,
	is_downloadable: true,
	content_hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
	sharing_info: { read_only: false, parent_shared_folder_id: '84528192421', modified_by: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc' },
	property_groups: [{ template_id: 'ptid:1a5n2i6d3OYEAAAAAAAAAYa', fields: [] }],
	has_explicit_shared_members: false,
	file_lock_info: { is_lockholder: true, lockholder_name: 'Imaginary User' },
	preview_url: null,
};

describe('Simplify', () => {
	it('is n8n\'s toggle, on by default', () => {
		expect(simplifyProperty).toEqual({
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description: 'Whether to return a simplified version of the response instead of the raw data',
		});
	});

	it('keeps Dropbox\'s scalar fields under their names, turns tag-only unions into their tag and leaves nested details out', () => {
		expect(simplifyMetadata(file)).toEqual({
			'.tag': 'file',
			name: 'report.pdf',
			id: 'id:a4ayc_80_OEAAAAAAAAAXw',
			path_lower: '/reports/report.pdf',
			path_display: '/Reports/report.pdf',
			client_modified: '2026-01-02T03:04:05Z',
			server_modified: '2026-01-02T03:04:06Z',
			rev: 'a1c10ce0dd78',
			size: 7212,
			is_downloadable: true,
			content_hash: file.content_hash,
			has_explicit_shared_members: false,
			preview_url: null,
		});
		expect(simplifyMetadata({ access_type: { '.tag': 'owner' }, policy: { acl_update_policy: { '.tag': 'owner' } }, link: { '.tag': 'x', url: 'u' } })).toEqual({ access_type: 'owner' });
	});

	it('shapes items only while the toggle is on', () => {
		const param = (value: boolean) => (<V>(name: string, fallback?: V) => (name === 'simplify' ? value : fallback) as V);
		expect(simplified(param(true), [file], simplifyMetadata)[0]).not.toHaveProperty('sharing_info');
		expect(simplified(param(false), [file], simplifyMetadata)[0]).toBe(file);
	});
});
