// The listSearch methods of team members live in nodes/shared/team.ts, where the triggers use them too.
export { searchTeamMembers } from '../../shared/team';
