import { zoneLabel } from '../../model/time';
import { toggleTimeZone, useTimeZone } from '../shared/time-zone';

/** Local time or UTC for every absolute time shown; the button names the zone in use. */
export function TimeZoneToggle() {
  const zone = useTimeZone();
  const state = zone === 'utc' ? 'UTC' : `local time (${zoneLabel('local')})`;
  const other = zone === 'utc' ? 'local time' : 'UTC';
  return (
    <button
      type="button"
      className="button zone-button"
      data-testid="timezone-toggle"
      data-time-zone={zone}
      aria-label={`Times in ${state}. Switch to ${other}`}
      title={`Times in ${state}. Switch to ${other}`}
      onClick={toggleTimeZone}
    >
      {zone === 'utc' ? 'UTC' : 'Local'}
    </button>
  );
}
