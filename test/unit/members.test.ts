// Member selectors for the sharing operations: emails checked for Dropbox's shape, "dbid:" account IDs, lists.
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { locatorMember, memberSelector, memberSelectors } from '../../nodes/DropboxSuite/actions/common/members';
import { InputChecker } from '../../nodes/shared/validate';

const check = new InputChecker({ name: 'Dropbox Suite' } as INode, 0);
const ACCOUNT = 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc';

describe('member selectors', () => {
	it('tell emails from account IDs', () => {
		expect(memberSelector(check, 'Member', ' ana@example.com ')).toEqual({ '.tag': 'email', email: 'ana@example.com' });
		expect(memberSelector(check, 'Member', ACCOUNT)).toEqual({ '.tag': 'dropbox_id', dropbox_id: ACCOUNT });
		expect(memberSelector(check, 'Member', { user: { account_id: ACCOUNT, email: 'x@example.com' } })).toEqual({ '.tag': 'dropbox_id', dropbox_id: ACCOUNT });
		expect(memberSelector(check, 'Member', { invitee: { email: 'x' }, email: 'y@example.com' })).toEqual({ '.tag': 'email', email: 'y@example.com' });
	});

	it.each([
		['ana@example', '"ana@example" is not an email address'],
		['ana example.com', '"ana example.com" is not an email address'],
		['a@b.c', '"a@b.c" is not an email address'],
		[`${'a'.repeat(250)}@example.com`, 'is not an email address'],
		['dbid:short', '"dbid:short" is not a Dropbox account ID'],
		['', 'Member: is empty'],
	])('refuse %j', (value, message) => {
		expect(() => memberSelector(check, 'Member', value)).toThrow(NodeOperationError);
		expect(() => memberSelector(check, 'Member', value)).toThrow(message);
	});

	it('read lists as text (commas, semicolons, new lines) or arrays, once each', () => {
		expect(memberSelectors(check, 'Members', 'a@example.com; B@example.com\nb@example.com,,')).toEqual([
			{ '.tag': 'email', email: 'a@example.com' },
			{ '.tag': 'email', email: 'B@example.com' },
		]);
		expect(memberSelectors(check, 'Members', [ACCOUNT, { email: 'c@example.com' }, ACCOUNT])).toHaveLength(2);
		expect(() => memberSelectors(check, 'Members', ' , ')).toThrow('Members: is empty');
		expect(() => memberSelectors(check, 'Members', ['ok@example.com', 'nope'])).toThrow('Members: "nope" is not an email address');
	});

	it('read a member locator in any mode', () => {
		expect(locatorMember(check, 'Member', { __rl: true, mode: 'list', value: ACCOUNT })).toEqual({ '.tag': 'dropbox_id', dropbox_id: ACCOUNT });
		expect(locatorMember(check, 'Member', { __rl: true, mode: 'email', value: 'ana@example.com' })).toEqual({ '.tag': 'email', email: 'ana@example.com' });
		expect(locatorMember(check, 'Member', 'ana@example.com')).toEqual({ '.tag': 'email', email: 'ana@example.com' });
	});
});
