/** The element ids the keyboard moves between: Enter on a row goes to the detail, Esc there comes back. */
export const DETAIL_ID = 'span-detail';
export const ROWS_ID = 'waterfall-rows';
