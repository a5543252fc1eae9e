/** What a settings check reports, one field at a time: the order screen words it in the UI language. */
export type SettingsErrorCode =
  | 'required'
  | 'type'
  | 'range'
  | 'choice'
  | 'url'
  | 'http-url'
  | 'time'
  | 'days'
  | 'too-long'
  | 'unknown-field'
  | 'printer-address'
  | 'duplicate'
  | 'time-zone'
  | 'stations';

export interface SettingsError {
  /** A dotted path to the field: "volume", "source.url", "quietHours[0].start". */
  field: string;
  code: SettingsErrorCode;
  /** Details the message needs: min/max, the allowed choices, the limit. */
  params?: Record<string, string | number>;
}
