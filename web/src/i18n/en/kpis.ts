import type { KpiId, KpiText } from '../types.js';

/** KPI names and definitions, as in the catalog (src/core/kpi/catalog.ts). */
const kpis: Record<KpiId, KpiText> = {
  contacts_created: {
    name: 'Contacts created',
    definition: 'Contacts whose creation time falls in the period.',
  },
  contacts_resolved: {
    name: 'Contacts resolved',
    definition:
      'Contacts whose first resolution (first change to solved or closed) falls in the period. A contact reopened and resolved again counts once, in the period of its first resolution.',
  },
  contacts_resolved_full: {
    name: 'Contacts resolved (full resolution)',
    definition:
      'Contacts whose full resolution (the latest change to solved or closed, for contacts that are resolved now) falls in the period.',
  },
  backlog_open: {
    name: 'Open backlog',
    definition:
      'A stock: contacts open at the end of each period, i.e. created before the end and not resolved by then. A contact counts as resolved from its full (latest) resolution on; one that is open now stays open; one closed without a recorded status change is never counted open.',
  },
  frt: {
    name: 'First response time',
    definition:
      'From the first inbound customer message (or queue entry of a call or chat) to the first public reply by a human agent (or the answer of the call/chat). Bots, auto-replies and internal notes do not stop the clock. For a contact started by an agent, measured from the first customer message after it. Contacts without a reply yet are left out (see frt_pending). Placed in the period of contact creation; credited to the agent who replied.',
  },
  frt_pending: {
    name: 'Awaiting first response',
    definition:
      'Contacts with an inbound customer message (or a queued call or chat not given up) and no human reply yet. Placed in the period of contact creation.',
  },
  frt_within_target: {
    name: 'First response within target',
    definition:
      'Replied contacts whose first response time is at most their first-response deadline (set per channel, optionally per team, under Settings → Per-contact thresholds; defaults chat 30 s, phone 20 s, e-mail, social and web form 1 h; measured in business hours unless the deadline is set in calendar hours) ÷ replied contacts that have a deadline. Placed in the period of contact creation; credited to the agent who replied. Not a KPI target: a KPI target of this indicator is a goal for the share.',
  },
  resolution_time: {
    name: 'Resolution time',
    definition:
      'From contact creation to its first resolution. Placed in the period of the first resolution; credited to the assignee.',
  },
  full_resolution_time: {
    name: 'Full resolution time',
    definition:
      'From contact creation to its latest resolution, for contacts resolved now (a reopened contact is measured again from creation). Placed in the period of that resolution.',
  },
  resolved_within_24h: {
    name: 'Resolved within 24 hours',
    definition:
      'Resolved contacts whose first resolution came at most 24 hours after creation ÷ resolved contacts. Calendar hours by default; 24 business hours with --hours business. Placed in the period of the first resolution.',
  },
  fcr_rate: {
    name: 'First-contact resolution',
    definition:
      'Resolved contacts with exactly one touch (one public agent reply, or one answered call/chat session) and not reopened within 7 days ÷ resolved contacts with at least one touch. Placed in the period of the first resolution.',
  },
  reopen_rate: {
    name: 'Reopen rate',
    definition:
      'Resolved contacts later reopened (a change from solved/closed back to an open status) ÷ resolved contacts. Placed in the period of the first resolution.',
  },
  escalation_rate: {
    name: 'Escalation rate',
    definition:
      'Contacts escalated at least once ÷ contacts created. Group by escalation_type to see the kinds (tier, functional, hierarchical, complaint; the first escalation of a contact). Placed in the period of contact creation.',
  },
  reassignment_rate: {
    name: 'Reassignment rate',
    definition:
      'Assigned contacts that went to more than one agent or more than one group (team) ÷ contacts with at least one assignment event. Assigning a contact again to the same agent and group is not a reassignment; the order of the assignments does not matter. Placed in the period of contact creation.',
  },
  aht: {
    name: 'Average handle time',
    definition:
      'Handle time per handled contact: talk + hold, from answer to end of every call or chat session of the contact added together; after-contact work apart (acw_time). Placed in the period of contact creation; credited to the agent who answered first.',
  },
  acw_time: {
    name: 'After-contact work time',
    definition: 'After-contact work per contact that recorded it (acw_start to acw_end, all sessions added).',
  },
  offered: {
    name: 'Offered',
    definition:
      'Queued contacts (calls, chats) that entered the queue, less short abandons (given up after less than the short-abandon threshold, default 5 s: a 5 s abandon counts). Placed in the period of contact creation.',
  },
  answered: {
    name: 'Answered',
    definition: 'Queued contacts answered by an agent. Placed in the period of contact creation.',
  },
  abandoned: {
    name: 'Abandoned',
    definition:
      'Queued contacts that gave up in the queue, less short abandons. Placed in the period of contact creation.',
  },
  abandonment_rate: {
    name: 'Abandonment rate',
    definition:
      'Abandoned ÷ offered; abandons shorter than the short-abandon threshold (default 5 s) are left out of both. Placed in the period of contact creation.',
  },
  asa: {
    name: 'Average speed of answer',
    definition:
      'Mean queue wait of answered contacts, zero waits included. Placed in the period of contact creation; credited to the agent who answered.',
  },
  service_level: {
    name: 'Service level',
    definition:
      'Answered within T ÷ (answered + abandoned after T); T is the service-level target of the channel (defaults phone 20 s, chat 30 s). Abandons within T are left out. Placed in the period of contact creation.',
  },
  source_sla_met_rate: {
    name: 'SLA met (source’s own flag)',
    definition:
      'Contacts the source system itself marks as within its SLA ÷ contacts it marks either way (contacts.source_sla_met; Freshdesk: Resolution status). The source’s own figure, for comparison with servicemeter’s: its SLA policies and business hours are its own. Placed in the period of contact creation.',
  },
  csat: {
    name: 'Customer satisfaction (CSAT)',
    definition:
      'Answered CSAT responses in the top box ÷ answered CSAT responses. Top box = above the middle of the scale: 4–5 on 1–5, 3 on 1–3, 2 on 1–2. Skipped surveys are not counted. Placed in the period of the answer; credited to the agent named on the response, else the last agent who replied before it was sent.',
  },
  csat_avg: {
    name: 'CSAT average score',
    definition:
      'Mean of answered CSAT scores on a 1–5 scale (answers on other scales are mapped linearly onto 1–5). Placed in the period of the answer.',
  },
  csat_response_rate: {
    name: 'CSAT response rate',
    definition:
      'Answered CSAT surveys ÷ CSAT surveys sent. A survey collected by servicemeter counts once per invitation, however many questions it asked. Placed in the period the survey was sent.',
  },
  csat_dimension: {
    name: 'Satisfaction per service dimension',
    definition:
      'Answered CSAT responses about one service dimension (e.g. delivery, invoice) in the top box ÷ those answered; group by survey_dimension to see each. Overall answers are csat’s. Placed in the period of the answer.',
  },
  nps: {
    name: 'Net Promoter Score',
    definition:
      '%promoters (9–10) − %detractors (0–6) among answered 0–10 NPS responses, in points from −100 to 100. Skipped answers are not in the denominator. Placed in the period of the answer.',
  },
  ces: {
    name: 'Customer effort score',
    definition:
      'Share of "easy" answers among answered CES responses: above the middle of the scale, 5–7 on 1–7 and 4–5 on 1–5. Placed in the period of the answer.',
  },
  ces_avg: {
    name: 'CES average score',
    definition:
      'Mean of answered CES scores on a 1–7 scale (answers on other scales are mapped linearly onto 1–7). Placed in the period of the answer.',
  },
  survey_response_rate: {
    name: 'Survey response rate',
    definition:
      'Invitations answered ÷ invitations sent, of every survey and kind. An invitation counts once, however many questions it asked; an imported survey row is one invitation. Answered means any answer, so an invitation answered only with a comment counts as answered. Public links, QR codes and the widget send nothing and are left out. Placed in the period the invitation was sent.',
  },
  self_service_helpful_rate: {
    name: 'Self-service helpful rate',
    definition:
      'Answered "did this help?" questions (kind helpful, 0–1: no, yes) answered yes ÷ those answered; on another scale, yes is above its middle (2 on 1–2). Skipped questions are not counted. Placed in the period of the answer.',
  },
  likely_to_stay: {
    name: 'Likely to stay',
    definition:
      'Answered "how likely are you to stay with us" questions (kind stay, 1–5 from very unlikely to very likely) answered 4–5, likely or very likely, ÷ those answered; on another scale, above its middle. Skipped questions are not counted. Placed in the period of the answer.',
  },
  satisfaction_top2: {
    name: 'Overall satisfaction (top two)',
    definition:
      'Answered overall satisfaction questions (kind satisfaction, 1–5: not at all, slightly, moderately, very, extremely satisfied) answered very or extremely satisfied (4–5) ÷ those answered; on another scale, above its middle. Skipped questions are not counted. Satisfaction improvement is this share against the same period a year before. Placed in the period of the answer.',
  },
  qa_score: {
    name: 'Internal quality score (IQS)',
    definition:
      'Mean review score. A category scores (picked − min) ÷ (max − min), not applicable leaves it out; a review scores the weighted mean of its categories; a critical category below its pass mark (50 % by default) makes the review 0, or only its group when the scorecard says so. Self-reviews and calibration reviews are left out. Placed in the period the review was submitted; credited to the reviewed agent.',
  },
  qa_category_score: {
    name: 'Quality score per category',
    definition:
      'Mean category score, (picked − min) ÷ (max − min), of the rated categories; not applicable is left out, and a failed critical category counts as rated (it does not zero the others here). Self-reviews and calibration reviews are left out. Group by qa_category to see each. Placed in the period the review was submitted.',
  },
  qa_reviews: {
    name: 'Quality reviews',
    definition:
      'Reviews submitted (self-reviews and calibration reviews left out). Placed in the period the review was submitted; credited to the reviewed agent.',
  },
  qa_pass_rate: {
    name: 'Reviews passed',
    definition:
      'Scored reviews at or above their pass mark (80 % by default) ÷ scored reviews. Self-reviews and calibration reviews are left out. Placed in the period the review was submitted.',
  },
  qa_critical_fail_rate: {
    name: 'Critical fails',
    definition:
      'Reviews with a critical category scored below its pass mark ÷ reviews. Self-reviews and calibration reviews are left out. Placed in the period the review was submitted.',
  },
  qa_dispute_rate: {
    name: 'Reviews disputed',
    definition:
      'Reviews the reviewed agent disputed (whatever the outcome) ÷ reviews. Self-reviews and calibration reviews are left out. Placed in the period the review was submitted.',
  },
  qa_coverage: {
    name: 'Review coverage',
    definition:
      'Contacts handled by an agent (with an assignee) that have at least one review (self-reviews and calibration left out) ÷ contacts handled by an agent. Placed in the period the contact was created.',
  },
  qa_calibration_agreement: {
    name: 'Calibration agreement',
    definition:
      'Pairs of reviewers in a calibration session who gave a category of the same conversation the same rating (both not applicable counts as the same) ÷ such pairs: percentage agreement. Each pair counts once from each reviewer’s side, so it can be grouped by reviewer. Krippendorff’s alpha is on the calibration session’s page. Sessions still open are left out: their reviews are blind. Placed in the period the later of the two reviews was submitted.',
  },
  qa_check_hit_rate: {
    name: 'Automatic check hits',
    definition:
      'Checked contacts handled by an agent on which an automatic check hit (a missing greeting, a forbidden phrase, a slow reply …) ÷ checked contacts, per enabled check; group by qa_check to see each. Placed in the period the contact was created.',
  },
  availability: {
    name: 'Availability',
    definition:
      'Opening-hours minutes in which at least as many agents were available for a channel as were scheduled on it ÷ opening-hours minutes with at least one agent scheduled on the channel, per team and channel. An agent is available for a channel when logged in for it, not paused, and scheduled on it (or unscheduled and logged in for that channel alone). Minutes outside the team calendar’s opening hours (holidays included) and minutes with nobody scheduled are left out. Placed in the period of the 15-minute interval the minutes fall in.',
  },
  adherence: {
    name: 'Schedule adherence',
    definition:
      'Scheduled minutes spent in the scheduled state ÷ scheduled minutes: on a contact activity (phone, chat, e-mail, social) while available, or on any other activity (break, training, meeting, other work, absence) while not available. Unscheduled time is left out. Placed in the period of the 15-minute interval the minutes fall in; credited to the agent.',
  },
  conformance: {
    name: 'Schedule conformance',
    definition:
      'Minutes available (logged in and not paused, scheduled or not) ÷ minutes scheduled on contact activities: whether the agents worked as many hours as planned, whenever they worked them. Above 100 % when they were available longer than scheduled (then without an interval). Placed in the period of the 15-minute interval the minutes fall in; credited to the agent.',
  },
  occupancy: {
    name: 'Occupancy',
    definition:
      'Minutes handling contacts ÷ minutes available. Handling is a call or chat from its answer to its end, after-contact work, and a set time (the workforce setting writtenReplyMinutes, 5 by default) before each public reply on an e-mail, social or web-form contact. Time paused or logged out is left out. Neither high nor low is good by itself: high occupancy makes queues long and agents tired. Placed in the period of the 15-minute interval the minutes fall in; credited to the agent.',
  },
  utilisation: {
    name: 'Utilisation',
    definition:
      'Scheduled (paid) minutes handling contacts ÷ scheduled minutes, breaks, training, meetings and absence included: how much of the paid time went to contacts. Handling as for occupancy; unscheduled time is left out. Placed in the period of the 15-minute interval the minutes fall in; credited to the agent.',
  },
  shrinkage: {
    name: 'Shrinkage',
    definition:
      'Scheduled (paid) minutes not available for contacts ÷ scheduled minutes. The reasons: the scheduled activity when it is not a contact activity (break, training, meeting, other_work, absence), unplanned_pause (paused while scheduled on contacts) and not_logged_in (logged out while scheduled on contacts). Grouped by shrinkage_reason each reason’s n is its minutes (and its value 100 %): a reason’s share of the scheduled time is its n ÷ the n of the whole. Unscheduled time is left out. Placed in the period of the 15-minute interval the minutes fall in; credited to the agent.',
  },
  late_starts: {
    name: 'Late starts',
    definition:
      'Shifts whose agent was first available for the shift’s channel more than the grace period (the workforce setting graceMinutes, 5 by default) after the shift’s start, or not at all ÷ shifts. A shift is the agent’s blocks other than absence less than 60 minutes apart, starting with its first block on a contact activity; availability from 60 minutes before the start counts as on time. Shifts whose start plus the grace period is still to come are left out. Placed in the period of the shift’s start; credited to the agent.',
  },
  late_start_minutes: {
    name: 'Minutes started late',
    definition:
      'Minutes from the start of each late shift to the agent’s first availability for its channel, added up; shifts on time count 0, and so do shifts missed altogether (late_starts counts those). Placed in the period of the shift’s start; credited to the agent.',
  },
  customers_new: {
    name: 'New customers',
    definition:
      'Customers first seen in the period: the first-seen time of the customers table, else the earlier of their first order and first contact. Customers known only from orders count too. Placed in the period of the first-seen time.',
  },
  customers_churned: {
    name: 'Churned customers',
    definition:
      'Customers lost in the period: closed (the closing time of the customers table), or lapsed — no paid order and no contact for the business setting churnAfterDays (365 by default), then placed on the day the lapse completed. Customers still within that time after their last order or contact are not counted. Placed in the period of the churn time.',
  },
  clv: {
    name: 'Customer lifetime value',
    definition:
      "Historical lifetime value of the customers first seen in the period: the mean of each customer's margin over their own paid orders to date (net revenue after refunds, less the cost of goods of what was kept). A customer without paid orders counts as 0; one whose paid orders all lack a margin is left out. Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0. The cohort method and the value by how a customer's problems were handled are on the Business page. Placed in the period of the first-seen time; 95 % t interval.",
  },
  customers_active: {
    name: 'Active customers',
    definition:
      'Customer months in the period: each customer counts once per month they were a customer in (from the month first seen to the month churned, or until now). Over a quarter or a year it is a sum of months; read it by month. A customer month is a calendar month (UTC), placed in the period of its first day at 12:00 UTC, so every time zone within 12 hours reads it in the same month. A monthly figure: empty, with a notice, by day, week or hour.',
  },
  churn_rate: {
    name: 'Churn rate',
    definition:
      "Customers on the books at a month's start who churned during it ÷ customers on the books at its start. Customers new in the month are left out of both. Over a quarter or a year it is the customer-weighted mean monthly rate. A customer month is a calendar month (UTC), placed in the period of its first day at 12:00 UTC, so every time zone within 12 hours reads it in the same month. A monthly figure: empty, with a notice, by day, week or hour.",
  },
  retention_rate: {
    name: 'Retention rate',
    definition:
      "The cohort of customers on the books at a month's start ÷ those of them still customers at its end (not closed, not lapsed), i.e. 1 − churn rate. Customers new in the month are left out of both. Over a quarter or a year it is the customer-weighted mean monthly rate, not the share kept over the whole span: the cohort heatmap on the Business page follows each starting month over the months after. A customer month is a calendar month (UTC), placed in the period of its first day at 12:00 UTC, so every time zone within 12 hours reads it in the same month. A monthly figure: empty, with a notice, by day, week or hour.",
  },
  returning_customers: {
    name: 'Returning customers',
    definition:
      'Customer months with a paid order from a customer who had a paid order before that month. Summed over the months of a quarter or a year. A customer month is a calendar month (UTC), placed in the period of its first day at 12:00 UTC, so every time zone within 12 hours reads it in the same month. A monthly figure: empty, with a notice, by day, week or hour.',
  },
  escalations_per_1000_customers: {
    name: 'Escalations per 1,000 customers',
    definition:
      '1,000 × escalated contacts of customers ÷ active customer months, so a growing customer base does not read as worse service. Contacts of people who are not customers are left out. Placed in the month the contact was created in. A customer month is a calendar month (UTC), placed in the period of its first day at 12:00 UTC, so every time zone within 12 hours reads it in the same month. A monthly figure: empty, with a notice, by day, week or hour.',
  },
  conversion_after_contact: {
    name: 'Conversion after contact',
    definition:
      "Contacts of known customers followed by a paid order of the same customer within the business setting conversionDays (7 by default) after the contact was created ÷ contacts of known customers. Contacts whose customer is not in the customer data are left out (the business notices count them), and so are contacts whose window ends after the newest order or contact of the data: whether they convert is not known yet. The comparison with the conversion of comparable customers without a contact, with its method and limits, is on the Business page. Placed in the period of the contact's creation; credited to its assignee.",
  },
  revenue_after_contact: {
    name: 'Revenue after contact',
    definition:
      "Net revenue (after refunds) of the paid orders a customer placed within conversionDays after a contact, summed over the contacts of the period: an order after two contacts counts for each. Contacts whose window ends after the newest order or contact of the data are left out: their orders are not known yet. Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0. Placed in the period of the contact's creation; credited to its assignee.",
  },
  service_cost: {
    name: 'Service cost',
    definition:
      'Cost lines of the service — wages, allowances, employer taxes, tools, outsourcing, overhead, training — summed; acquisition and retention spend are left out. Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0. Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact. A period without service cost lines is empty: no cost data, not 0 (acquisition and retention spend alone are no service cost data).',
  },
  cost_per_contact: {
    name: 'Cost per contact',
    definition:
      "Service cost ÷ contacts handled (created in the period with an agent's reply or an answer); acquisition and retention spend left out. Over the days that carry cost data (a day with a share of a service cost line, any team), so costs entered for only part of the period are not spread over the work of the rest. Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0. Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact. Empty without service cost lines in the period, and without contacts handled.",
  },
  cost_per_resolution: {
    name: 'Cost per resolution',
    definition:
      'Service cost ÷ contacts first resolved in the period: the cost of a solved incident. Over the days that carry cost data (a day with a share of a service cost line, any team), so costs entered for only part of the period are not spread over the work of the rest. Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0. Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact. Empty without service cost lines in the period, and without resolutions.',
  },
  payroll_cost: {
    name: 'Payroll cost',
    definition:
      'Cost lines of the categories wages, allowances and employer taxes, summed. Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0. Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact. A period without such lines is empty: no payroll data, not 0.',
  },
  service_cost_share: {
    name: 'Service cost share of revenue',
    definition:
      'Service cost ÷ net revenue (after refunds) of the paid orders of the period. Over the days that carry cost data (a day with a share of a service cost line, any team), so costs entered for only part of the period are not spread over the work of the rest. Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0. Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact. Empty without service cost lines in the period, and without revenue.',
  },
  revenue: {
    name: 'Revenue',
    definition:
      'Net revenue of the paid orders placed in the period: revenue less the refunded amount; cancelled and pending orders left out. Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0. Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact. A period without orders is empty: no order data, not 0.',
  },
  gross_margin: {
    name: 'Gross margin',
    definition:
      'Net revenue of the paid orders − their cost of goods (of what was not returned) − service cost. Orders without a cost of goods count with the business setting defaultMarginShare, else without a margin (the business notices count them). Over the days that carry cost data (a day with a share of a service cost line, any team), so costs entered for only part of the period are not spread over the work of the rest. Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0. Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact. Empty without service cost lines in the period: a margin without the service cost would look better than it is.',
  },
  acquisition_spend: {
    name: 'Acquisition spend',
    definition:
      'Cost lines of the category acquisition spend (winning customers), summed; not part of the service cost. Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0. Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact. Empty without cost lines in the period; 0 when there are cost lines but none for acquisition.',
  },
  retention_spend: {
    name: 'Retention spend',
    definition:
      'Cost lines of the category retention spend (keeping customers), summed; not part of the service cost. Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0. Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact. Empty without cost lines in the period; 0 when there are cost lines but none for retention.',
  },
  productivity: {
    name: 'Resolutions per paid hour',
    definition:
      "Contacts first resolved ÷ paid hours (the hours of the payroll, spread evenly over their pay period's days). Hours of agents without resolutions count; resolutions of agents without paid hours count too, so filter by agent to compare like with like. Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact. Empty without paid hours in the period.",
  },
  productivity_per_fte: {
    name: 'Resolutions per FTE-month',
    definition:
      "Contacts first resolved ÷ FTE-days of the agents employed (each employed day counts the agent's FTE, 1 when not given) × 365/12: resolutions per full-time agent per month. Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact. Empty without people data for the period.",
  },
  employee_turnover: {
    name: 'Employee turnover',
    definition:
      'Leavers (agents on their last employed day) ÷ average headcount over the period (employed agent-days ÷ days), annualised: leavers ÷ employed agent-days × 365. Voluntary and involuntary leavers both count. Placed in the period of the day; credited to the agent.',
  },
  tenure: {
    name: 'Tenure',
    definition:
      "Mean tenure in years of the headcount, weighted by days employed in the period: each agent's years since hiring on each day they were employed. Placed in the period of the day; 95 % t interval (over agent-days, which are not independent: read it as a guide).",
  },
  training_days: {
    name: 'Training days',
    definition:
      'Days of training of the agents (hours ÷ 8; a whole day when no hours are given), summed. Placed in the period of the training day; credited to the agent.',
  },
  training_days_per_fte: {
    name: 'Training days per FTE',
    definition:
      'Training days ÷ FTE-days of the agents employed × 365: training days per full-time agent per year. Placed in the period of the day; credited to the agent.',
  },
  sentiment_score: {
    name: 'Customer sentiment',
    definition:
      'Mean tone of the customers’ texts (survey comments, messages, social messages) read with a tone, from −1 (negative) to 1 (positive): per text, the probability of positive minus that of negative, by the tone model trained on the team’s own survey comments, else by the language’s lexicon. Texts the reading is unsure about, and texts in other languages, are left out. Placed in the period the text was written; credited to the contact’s assignee (a survey comment: the agent the answer is credited to).',
  },
  negative_share: {
    name: 'Negative texts',
    definition:
      'Customers’ texts read with a negative tone ÷ texts read with a tone (positive, neutral or negative); texts the reading is unsure about are left out. Placed in the period the text was written.',
  },
  attribute_mentions: {
    name: 'Brand attribute mentions',
    definition:
      'Customers’ texts whose words express a brand attribute (one of its words or synonyms in the text’s language, compared after stemming), counted once per attribute: a text expressing two attributes counts for each. Group by brand_attribute to see each next to the image the team wants. Placed in the period the text was written.',
  },
};

export default kpis;
