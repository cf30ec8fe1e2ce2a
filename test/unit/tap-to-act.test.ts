// Tap to act: what becomes a link, and what never does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mailHref, mapsHref, platformOf, telHref, webHref } from '../../pwa/forms/links.ts';

test('phones dial their digits; e-mail addresses write; nonsense stays text', () => {
  assert.is(telHref('+33 (0)6 12.34.56-78'), 'tel:+330612345678');
  assert.is(telHref('ext. 12'), null);
  assert.is(mailHref(' sophie.martin@panoply.example '), 'mailto:sophie.martin@panoply.example');
  assert.is(mailHref('not an address'), null);
});

test('only http(s) websites are links', () => {
  assert.is(webHref('https://www.panoply.example/contact'), 'https://www.panoply.example/contact');
  assert.is(webHref('http://panoply.example'), 'http://panoply.example/');
  for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'panoply.example', 'ftp://panoply.example', 'JaVaScRiPt:alert(1)']) assert.is(webHref(bad), null, bad);
});

test('an address opens the platform\'s maps app', () => {
  const a = { type: 'business' as const, street: '19 Market Road', city: 'Berlin', postcode: '64199', region: '', country: 'Germany' };
  assert.is(mapsHref(a, 'ios'), 'https://maps.apple.com/?q=19%20Market%20Road%2C%2064199%20Berlin%2C%20Germany');
  assert.is(mapsHref(a, 'android'), 'geo:0,0?q=19%20Market%20Road%2C%2064199%20Berlin%2C%20Germany');
  assert.match(mapsHref(a, 'other') ?? '', /^https:\/\/www\.google\.com\/maps\/search\/\?api=1&query=19%20Market/);
  assert.is(mapsHref({ ...a, street: '', city: '', postcode: '', country: '' }, 'ios'), null);
  assert.is(platformOf('Mozilla/5.0 (iPhone; CPU iPhone OS 13_7 like Mac OS X) AppleWebKit/605.1.15'), 'ios');
  assert.is(platformOf('Mozilla/5.0 (Linux; Android 10; SM-A505F) AppleWebKit/537.36'), 'android');
  assert.is(platformOf('Mozilla/5.0 (X11; Linux x86_64)'), 'other');
});

test.run();
