import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Tuesday 10 March 2026, half past nine in the morning (UTC, the calendar's zone). */
export const NOW = new Date('2026-03-10T09:30:00Z');

/**
 * A morning of a team: e-mails and chats open, waiting or answered; calls and chats in a queue;
 * agents logged in, paused and gone; and the same Tuesday of the four weeks before, up to 09:30.
 * Opening hours Monday to Friday 09:00–17:00 UTC.
 */
export const NOW_FILES: Record<string, string> = {
  'calendars.csv': 'id,name,timezone,is_default\noffice,Office,UTC,true\n',
  'calendar_intervals.csv': `calendar_id,weekday,start_time,end_time\n${[1, 2, 3, 4, 5]
    .map((day) => `office,${day},09:00,17:00`)
    .join('\n')}\n`,
  'teams.csv': 'id,name,calendar_id\nsupport,Support,office\nsales,Sales,office\n',
  'agents.csv':
    'id,name,email,team_id,started_on,active\nann,Ann,,support,,true\nbob,Bob,,support,,true\ncid,Cid,,support,,true\ndan,Dan,,support,,true\n',
  'contacts.csv': `source,external_id,channel,created_at,team_id,assignee_id,status,subject
helpdesk,e1,email,2026-03-10T09:10:00Z,support,,open,New this morning
helpdesk,e2,email,2026-03-09T16:00:00Z,support,ann,open,Since yesterday
helpdesk,e3,email,2026-03-10T08:00:00Z,support,bob,pending,Answered
helpdesk,e4,email,2026-03-10T06:00:00Z,support,,open,Before opening
helpdesk,c1,chat,2026-03-10T09:29:00Z,support,ann,open,A chat
helpdesk,r1,email,2026-03-10T09:00:00Z,support,bob,solved,Solved today
helpdesk,late,email,2026-03-10T10:00:00Z,support,,open,After now
helpdesk,w1,email,2026-03-03T08:00:00Z,support,,solved,
helpdesk,w1b,email,2026-03-03T10:00:00Z,support,,solved,
helpdesk,w2,email,2026-02-24T09:00:00Z,support,,solved,
helpdesk,w4a,email,2026-02-10T01:00:00Z,support,,solved,
helpdesk,w4b,email,2026-02-10T09:29:00Z,support,,solved,
pbx,p1,phone,2026-03-10T09:29:30Z,support,,new,
pbx,p2,phone,2026-03-10T09:00:00Z,support,bob,closed,
pbx,p3,phone,2026-03-10T09:05:00Z,support,,closed,
pbx,p4,phone,2026-03-08T09:00:00Z,support,,closed,
pbx,p5,phone,2026-03-10T09:20:00Z,sales,,new,
helpdesk,c2,chat,2026-03-10T09:28:00Z,support,,new,
`,
  'contact_events.csv': `source,contact_external_id,external_id,kind,occurred_at,agent_id,status,queue
helpdesk,e1,e1a,customer_message,2026-03-10T09:10:00Z,,,
helpdesk,e2,e2a,customer_message,2026-03-09T16:00:00Z,,,
helpdesk,e3,e3a,customer_message,2026-03-10T08:00:00Z,,,
helpdesk,e3,e3b,agent_reply,2026-03-10T08:10:00Z,bob,,
helpdesk,e4,e4a,customer_message,2026-03-10T06:00:00Z,,,
helpdesk,c1,c1a,customer_message,2026-03-10T09:29:00Z,,,
helpdesk,r1,r1a,customer_message,2026-03-10T09:00:00Z,,,
helpdesk,r1,r1b,agent_reply,2026-03-10T09:10:00Z,bob,,
helpdesk,r1,r1c,status_change,2026-03-10T09:20:00Z,bob,solved,
helpdesk,w1,w1a,status_change,2026-03-03T09:00:00Z,,solved,
helpdesk,late,latea,customer_message,2026-03-10T10:00:00Z,,,
pbx,p1,p1a,queue_enter,2026-03-10T09:29:30Z,,,line1
pbx,p2,p2a,queue_enter,2026-03-10T09:00:00Z,,,line1
pbx,p2,p2b,answer,2026-03-10T09:00:10Z,bob,,line1
pbx,p2,p2c,end,2026-03-10T09:03:00Z,bob,,line1
pbx,p3,p3a,queue_enter,2026-03-10T09:05:00Z,,,line1
pbx,p3,p3b,abandon,2026-03-10T09:06:00Z,,,line1
pbx,p4,p4a,queue_enter,2026-03-08T09:00:00Z,,,line1
pbx,p5,p5a,queue_enter,2026-03-10T09:20:00Z,,,sales
helpdesk,c2,c2a,queue_enter,2026-03-10T09:28:00Z,,,chat
`,
  'agent_status_events.csv': `source,external_id,agent_id,status,occurred_at,queue,reason
asterisk,a1,ann,login,2026-03-10T08:00:00Z,support,
asterisk,a2,ann,login,2026-03-10T08:00:00Z,sales,
asterisk,a3,ann,pause,2026-03-10T09:00:00Z,,lunch
asterisk,b1,bob,login,2026-03-10T08:00:00Z,,
asterisk,b2,bob,pause,2026-03-10T08:30:00Z,,coffee
asterisk,b3,bob,unpause,2026-03-10T08:45:00Z,,
asterisk,c1,cid,login,2026-03-10T07:00:00Z,support,
asterisk,c2,cid,logout,2026-03-10T09:15:00Z,,
asterisk,d1,dan,login,2026-03-10T10:00:00Z,,
`,
};

export async function writeNowFiles(dir: string): Promise<void> {
  for (const [name, text] of Object.entries(NOW_FILES)) await writeFile(join(dir, name), text);
}
