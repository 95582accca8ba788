/** English messages of the notices area; the other languages mirror these keys. */
const messages = {
  'notice.withoutCalendar':
    '{contacts} contacts have no business-hours calendar (no team calendar and no default): their business-hours durations equal calendar time.',
  'notice.withheld':
    'Figures that could reveal one colleague’s work are withheld: those covering a day on which part of your team’s work, as broken down or filtered here, was exactly one colleague’s. Your team’s figures are counted in whole days.',
  'notice.ownContactsOnly': 'Only contacts assigned to you are listed.',
  'notice.moneyWithheld': '{kpis}: withheld. Money figures are for administrators and the finance role.',
  'notice.moneyTeamTotals':
    '{kpis}: withheld here. Managers see money figures as team totals, not per agent or cost category, not for a team of fewer than two agents, not against a previous period.',
  'notice.missingData': 'No {missing} for {periods}: {kpis} have no figure rather than 0.',
  'notice.thisPeriod': 'this period',
  'notice.monthlyFigure':
    '{kpis}: monthly figures. Choose month, quarter or year, and a range of whole months.',
  'missing.costData': 'cost data',
  'missing.payrollData': 'payroll data',
  'missing.orderData': 'order data',
  'missing.paidHours': 'paid hours',
  'notice.noInput': '{kpis}: no figure, because no source in the selection has {missing}.',
  'notice.dataQuality':
    'Data quality: {contacts} contacts created {days} had {problem} at import, usually a mapping mistake. The figures of these days include them.',
  'notice.oneDay': 'on {day}',
  'notice.dayRange': 'from {from} to {to}',
  'input.status_changes': 'status changes',
  'input.responses': 'agent replies or answered calls and chats',
  'input.escalations': 'escalation events',
  'input.assignments': 'assignment events',
  'input.queue': 'queue events',
  'input.handling': 'end events of answered calls and chats',
  'input.after_contact_work': 'after-contact work events',
  'input.source_sla': 'an SLA flag of its own',
  'input.csat_answers': 'answered CSAT surveys',
  'input.csat_dimension_answers': 'CSAT answers about a service dimension',
  'input.csat_sent': 'CSAT surveys with a time sent',
  'input.nps_answers': 'answered NPS surveys',
  'input.ces_answers': 'answered CES surveys',
  'input.helpful_answers': 'answered “did this help?” questions',
  'input.stay_answers': 'answered likelihood-to-stay questions',
  'input.satisfaction_answers': 'answered overall satisfaction questions',
  'quality.long_queue_wait': 'an implausibly long queue wait',
  'quality.long_handle_time': 'an implausibly long handle time',
  'quality.answer_before_queue': 'an answer before their queue entry',
  'quality.moved_to_next_day': 'a time an “after” rule moved to the next day',
  'quality.negative_interval': 'an interval that ends before it starts',
};

export default messages;
