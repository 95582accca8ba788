/** English messages of the time area; the other languages mirror these keys. */
const messages = {
  /** The time-zone picker's option for the team's zone (the default calendar's), the dashboard's default. */
  'time.teamZone': '{zone} (team)',
  /**
   * A preset counted back from the newest contact's creation rather than today (answers and
   * resolutions may come later); `range` is localised dates.
   */
  'time.endsAtData': 'Showing {range}: the newest contact is from {newest}.',
};

export default messages;
