// The team member locator lives in nodes/shared/team.ts, where the triggers use it too.
export { MEMBER_REGEX, TEAM_MEMBER_MODES, checkTeamMember, memberLocatorValue, resolveTeamMember, teamMemberLocator } from '../../../shared/team';
