import type { OpenAPIObject } from '@nestjs/swagger';
import { buildApiDocument } from '../src/cli/api-document';
import { createTestApp, type TestApp } from './support/test-app';

interface Schema {
  type?: string;
  nullable?: boolean;
  $ref?: string;
  items?: Schema;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
}

interface Operation {
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const schemaName = (ref: string | undefined) => ref?.replace('#/components/schemas/', '');

/**
 * The web client's types (web/src/lib/api-schema.ts) are generated from the document that
 * `npm run api:types` builds without a server: it must be the one the server serves, and
 * describe the answers the client reads.
 */
describe('The OpenAPI document behind the web client types', () => {
  let t: TestApp;
  let served: OpenAPIObject;

  beforeAll(async () => {
    t = await createTestApp();
    served = (await t.http().get('/api/docs-json').expect(200)).body as OpenAPIObject;
  });
  afterAll(() => t.close());

  const schemas = () => (served.components?.schemas ?? {}) as Record<string, Schema>;

  it('is built without a database exactly as the running server serves it', async () => {
    expect(await buildApiDocument()).toEqual(served);
  });

  it('describes every paged list answer as a page of a named item schema', () => {
    const lists = Object.entries(served.paths).flatMap(([path, item]) => {
      const get = (item as { get?: Operation }).get;
      return get?.parameters?.some((p) => p.in === 'query' && p.name === 'cursor')
        ? [{ path, get }]
        : [];
    });
    expect(lists.map(({ path }) => path)).toEqual(
      expect.arrayContaining([
        '/api/notifications',
        '/api/moderation/reports',
        '/api/moderation/members',
        '/api/moderation/audit-log',
      ]),
    );
    for (const { path, get } of lists) {
      const page = schemaName(get.responses['200']?.content?.['application/json']?.schema?.$ref);
      const items = page ? schemas()[page]?.properties?.items : undefined;
      expect({ path, page, item: schemaName(items?.items?.$ref) }).toEqual({
        path,
        page: expect.stringMatching(/PageDto$/),
        item: expect.stringMatching(/Dto$/),
      });
    }
  });

  /** The schemas the server answers with, and every schema they refer to. */
  function answerSchemas(): string[] {
    const found = new Set<string>();
    const visit = (schema: Schema | undefined): void => {
      if (!schema) return;
      const name = schemaName(schema.$ref);
      if (name !== undefined) {
        if (found.has(name)) return;
        found.add(name);
        visit(schemas()[name]);
      }
      visit(schema.items);
      schema.allOf?.forEach(visit);
      Object.values(schema.properties ?? {}).forEach(visit);
    };
    for (const item of Object.values(served.paths)) {
      for (const op of Object.values(item as Record<string, Operation>)) {
        for (const response of Object.values(op.responses ?? {})) {
          Object.values(response.content ?? {}).forEach(({ schema }) => visit(schema));
        }
      }
    }
    return [...found];
  }

  it('types every field of every answer (no bare object standing in for string | null)', () => {
    const answers = answerSchemas();
    expect(answers).toEqual(
      expect.arrayContaining(['OwnProfileDto', 'ReportDto', 'AuditLogEntryDto']),
    );
    const untyped = answers.flatMap((name) =>
      Object.entries(schemas()[name].properties ?? {})
        .filter(
          ([, property]) =>
            property.type === 'object' &&
            property.properties === undefined &&
            property.allOf === undefined &&
            property.additionalProperties === undefined,
        )
        .map(([field]) => `${name}.${field}`),
    );
    expect(untyped).toEqual([]);
  });
});
