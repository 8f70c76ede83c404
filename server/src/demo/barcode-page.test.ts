import { afterEach, describe, expect, it } from 'vitest';
import { classifyScan } from '@shared/barcode';
import { CONTENT_SECURITY_POLICY } from '@shared/security/content-security-policy';
import { DEMO_COMPONENTS, DEMO_OPERATORS, demoOrders } from '../seed/demo-plant';
import { startTestServer, type TestServer } from '../testing/test-server';
import { code128Svg } from './code128';
import { DEMO_SCAN_PATTERNS, demoBarcodes, type DemoBarcode } from './demo-barcodes';
import { decodeCode128Svg } from './testing/decode-code128-svg';

const NOW = Date.UTC(2026, 11, 2, 9, 0);
const TODAY = '2026-12-02';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

async function fetchPage(demo: boolean) {
  server = await startTestServer({ demo, now: () => NOW });
  return server.request({ method: 'GET', url: '/demo/barcodes' });
}

function svgsOf(html: string): string[] {
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((match) => match[0]);
}

describe('GET /demo/barcodes', () => {
  it('answers a printable HTML page with one SVG per demo barcode under the strict CSP', async () => {
    const response = await fetchPage(true);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(response.body).not.toMatch(/<script/i);
    // 8 badges, 4 orders, 5 operations, 4 material labels, 7 commands
    expect(svgsOf(response.body)).toHaveLength(28);
    expect(demoBarcodes(NOW)).toHaveLength(28);
    expect(response.body).toContain('Anna Berger, operator, PIN 1234');
    expect(response.body).toContain('GS1-128');
  });

  it('does not exist without --demo', async () => {
    const response = await fetchPage(false);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('demo barcodes as the terminal reads them', () => {
  const classifyPrinted = (svg: string) =>
    classifyScan({ text: decodeCode128Svg(svg) }, DEMO_SCAN_PATTERNS, { referenceDate: new Date(NOW) });

  it('decode from the bars into the kind each card promises', async () => {
    const svgs = svgsOf((await fetchPage(true)).body);
    const barcodes = demoBarcodes(NOW);
    const kinds = svgs.map((svg, index) => {
      const scan = classifyPrinted(svg);
      const barcode = barcodes[index];
      switch (barcode?.group) {
        case 'badge':
          expect(scan).toEqual({ kind: 'operator-badge', uid: barcode.humanReadable });
          break;
        case 'order':
          expect(scan).toEqual({ kind: 'order', orderNumber: barcode.humanReadable });
          break;
        case 'operation':
          expect(scan).toEqual({
            kind: 'operation',
            orderNumber: barcode.humanReadable.slice(0, 9),
            operationNumber: barcode.humanReadable.slice(10),
          });
          break;
        case 'material':
          expect(scan).toMatchObject({ kind: 'material', symbology: ']C1', gtin: barcode.elements?.['01'] });
          break;
        case 'command':
          expect(scan).toEqual({ kind: 'command', command: barcode.humanReadable.replace('#CMD:', '') });
          break;
        default:
          throw new Error(`no barcode for SVG ${index}`);
      }
      return scan.kind;
    });
    expect(kinds.filter((kind) => kind === 'operator-badge')).toHaveLength(DEMO_OPERATORS.length);
  });

  it('offer a right, an expired and a wrong material label for FA1000004 op 0010', () => {
    const bom = demoOrders(NOW).boms.find((candidate) => candidate.operationId === 'FA1000004-0010');
    const bomGtins = bom?.components.map((component) => component.gtin);
    expect(bomGtins).toEqual([DEMO_COMPONENTS.aluminiumDisc.gtin]);
    const materials = demoBarcodes(NOW)
      .filter((barcode) => barcode.group === 'material')
      .map((barcode) => classifyPrinted(code128SvgOf(barcode)));
    const usable = materials.filter(
      (scan) => scan.kind === 'material' && bomGtins?.includes(scan.gtin) && (scan.expiry ?? '') > TODAY,
    );
    const expired = materials.filter(
      (scan) => scan.kind === 'material' && bomGtins?.includes(scan.gtin) && (scan.expiry ?? '') < TODAY,
    );
    const wrong = materials.filter((scan) => scan.kind === 'material' && scan.gtin === DEMO_COMPONENTS.barSteel45.gtin);
    expect(usable).toEqual([expect.objectContaining({ lot: 'L2411', quantity: 25, expiry: '2027-12-02' })]);
    expect(expired).toEqual([expect.objectContaining({ lot: 'L2407', expiry: '2026-11-02' })]);
    expect(wrong).toHaveLength(1);
  });
});

function code128SvgOf(barcode: DemoBarcode): string {
  return code128Svg(barcode.parts, { label: barcode.humanReadable });
}
