/** English messages of the Business page (customers, cohorts, costs, lifetime value, conversion, people). */
const messages = {
  'business.title': 'Business',
  'business.intro':
    'What the service does for the business: customers who stay, orders after a contact, what a contact costs, lifetime value by how problems were handled, and the people doing the work.',
  'business.moneyHidden':
    'Money figures (costs, payroll, revenue, margin, lifetime value) are for admins and finance only.',
  'business.moneyTotals': 'Money figures are shown as totals per team, never per agent.',
  'business.noValue': 'No value for this month: the notes below say what is missing.',
  'business.noValueShort': 'no data',
  'business.column.month': 'Month',

  'business.customers.title': 'Customers',
  'business.customers.chart': 'New, churned and active customers per month',
  'business.customers.ratesChart': 'Retention and churn rate per month',
  'business.customers.table': 'Customer figures per month',

  'business.cohorts.title': 'Retention by cohort',
  'business.cohorts.howTo':
    'Each row holds the customers first seen in one month, each column a month after it: the share still a customer. Darker is more; hover or focus a cell for its 95 % interval.',
  'business.cohorts.caption':
    'Share of each monthly cohort still a customer, by months since its first month',
  'business.cohorts.cohort': 'Cohort',
  'business.cohorts.size': 'Customers',
  'business.cohorts.month': 'Month {offset}',
  'business.cohorts.cell': '{cohort}, month {offset}: {share} ({retained} of {size}) {interval}',
  'business.cohorts.empty': 'No new customers in this period.',

  'business.costs.title': 'Costs and margin',
  'business.costs.chart': 'Cost per contact and per resolution per month',
  'business.costs.spendChart': 'Acquisition and retention spend per month',
  'business.costs.table': 'Costs, revenue and margin per month',

  'business.clv.title': 'Lifetime value by how problems were handled',
  'business.clv.caption': 'Mean customer lifetime value by how their problems were handled',
  'business.clv.handling': 'Handling',
  'business.clv.customers': 'Customers',
  'business.clv.mean': 'Mean lifetime value',
  'business.clv.difference': 'Difference from first contact',
  'business.clv.reference': 'reference',
  'business.clv.curve': 'Cumulative margin per customer by cohort, by months since its first month',
  'business.handling.first_contact': 'Resolved at first contact',
  'business.handling.later': 'Resolved later',
  'business.handling.unresolved': 'Not resolved',
  'business.handling.no_contact': 'No contact',

  'business.conversion.title': 'Conversion after contact',
  'business.conversion.intro':
    'Share of contacts followed by an order of the same customer within {days} days, against comparable customers without a contact.',
  'business.conversion.byChannel': 'Conversion after contact by channel',
  'business.conversion.byAgent': 'Conversion after contact by agent',
  'business.conversion.channel': 'Channel',
  'business.conversion.agent': 'Agent',
  'business.conversion.contacts': 'Contacts',
  'business.conversion.converted': 'Followed by an order',
  'business.conversion.rate': 'Conversion',
  'business.conversion.baseline': 'Comparable customers without a contact',

  'business.people.title': 'People',
  'business.people.tenureGroups': 'New and experienced agents',
  'business.people.group': 'Agents',
  'business.people.new': 'New (under {days} days)',
  'business.people.experienced': 'Experienced',
  'business.people.agents': 'Agents',
  'business.people.fcr': 'First-contact resolution',
  'business.people.csat': 'CSAT',
  'business.people.perAgent': 'Per agent',
  'business.people.agent': 'Agent',
  'business.people.hired': 'Hired',
  'business.people.left': 'left {day}',
  'business.people.tenureYears': 'Tenure (years)',
  'business.people.fte': 'FTE',
  'business.people.paidHours': 'Paid hours',
  'business.people.resolved': 'Resolved',
  'business.people.perPaidHour': 'Resolved per paid hour',
  'business.people.trainingDays': 'Training days',
  'business.people.hourlyCost': 'Hourly cost',

  'business.notices.title': 'About these figures',
  'business.notice.rowsLeftOut': '{message} ({rows} rows left out)',
};

export default messages;
