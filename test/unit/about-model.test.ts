// Help › About: telling whether this browser's own zone rules would have been wrong (they are never used).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { firstDisagreement, intlWall, type WallReader } from '../../pwa/features/help/about-model.ts';
import { instantToWall } from '../../shared/time/wall-time.ts';
import { staleRules, zoneRules } from '../helpers/zones.ts';

const NOW = Date.parse('2026-12-04T12:00:00Z');

test('a browser on pre-2026c rules disagrees for Casablanca and Edmonton this winter, not for Denver', () => {
  const old = staleRules();
  const stale: WallReader = (zone, ms) => instantToWall(old, zone, ms);
  assert.is(firstDisagreement(zoneRules, 'Africa/Casablanca', NOW, stale), Date.parse('2026-12-04T12:00:00Z'));
  // Edmonton: 2026b had MST (−07) this winter, the shipped rules −06 all year.
  assert.is(firstDisagreement(zoneRules, 'America/Edmonton', NOW, stale), Date.parse('2026-12-04T12:00:00Z'));
  assert.is(firstDisagreement(zoneRules, 'America/Denver', NOW, stale), null, 'Denver did not change');
});

test('a browser that agrees, or cannot say, is not reported; unknown zones are not checked', () => {
  const same: WallReader = (zone, ms) => instantToWall(zoneRules, zone, ms);
  assert.is(firstDisagreement(zoneRules, 'Africa/Casablanca', NOW, same), null);
  assert.is(firstDisagreement(zoneRules, 'Africa/Casablanca', NOW, () => null), null);
  assert.is(firstDisagreement(zoneRules, 'Mars/Olympus', NOW, same), null);
  // The real reader spells a wall time the same way (Node's Intl, whatever rules it carries).
  assert.is(intlWall('UTC', Date.parse('2027-06-15T09:00:00Z')), '2027-06-15T09:00');
  assert.is(intlWall('Nowhere/Special', 0), null);
});

test.run();
