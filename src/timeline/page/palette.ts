/**
 * The page's colours: the Okabe–Ito palette, which people with the common colour-vision
 * deficiencies can tell apart. Every colour also comes with a shape or a pattern (leader bars
 * carry their term, crashes are crosses, drops end in a cross, back-off is hatched), so nothing
 * is told by colour alone.
 */
export const COLOURS = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  grey: '#8C8C8C',
} as const;

/** Canvas stroke colour of each message family. */
export const FAMILY_COLOURS: Record<string, string> = {
  heartbeat: 'rgba(140,140,140,0.45)',
  replication: COLOURS.skyBlue,
  election: COLOURS.orange,
  rpc: COLOURS.purple,
  client: COLOURS.black,
};
