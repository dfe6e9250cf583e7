import { randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { SendAck } from '../src/modules/discussion/discussion.events';
import type { MessageDto } from '../src/modules/discussion/dto/message.dto';
import { connect, listen, record, type ChatClient } from './support/discussion-client';
import { createMember, createRoom, type TestMember } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/** Fails the test with the refusal when an ack is not `ok`. */
function sent(ack: SendAck): MessageDto {
  if (!ack.ok) throw new Error(`message:send refused: ${ack.code} ${ack.message}`);
  return ack.message;
}

/** The `Sec-WebSocket-Extensions` the server accepts for a handshake that offers `offer`. */
function negotiatedExtensions(url: string, offer: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/socket.io/?EIO=4&transport=websocket`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Extensions': offer,
      },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.headers['sec-websocket-extensions']);
    });
    req.on('response', (response) => reject(new Error(`No upgrade: ${response.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * The message path (the API contract: messages are stored before they are acknowledged):
 * an ack or a `message:new` means the message is committed; a message whose store fails is
 * neither acknowledged nor broadcast, and its `seq` goes to the next message. And what lets
 * one room's broadcast stay cheap.
 */
describe('Chat delivery: stored, then acknowledged and broadcast', () => {
  let t: TestApp;
  let url: string;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ CHAT_BURST: '1000', CHAT_PER_SECOND: '100' });
    url = await listen(t);
    // Test-only triggers, checked at COMMIT (deferred): a body chosen by the test makes
    // the commit fail, or wait, after the row and the room's counter were written.
    await t.dataSource.query(`
      CREATE FUNCTION test_message_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.body = 'refused at commit' THEN RAISE EXCEPTION 'refused at commit'; END IF;
        IF NEW.body = 'slow commit' THEN PERFORM pg_sleep(0.3); END IF;
        RETURN NULL;
      END $$`);
    await t.dataSource.query(`
      CREATE CONSTRAINT TRIGGER test_message_commit AFTER INSERT ON messages
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_message_commit()`);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => t.close());

  async function joined(member: TestMember, roomId: string): Promise<ChatClient> {
    const socket = await connect(url, member.accessToken);
    clients.push(socket);
    expect(await socket.emitWithAck('room:join', { roomId })).toMatchObject({ ok: true });
    return socket;
  }

  const send = (socket: ChatClient, roomId: string, body: string) =>
    socket.emitWithAck('message:send', { roomId, clientMsgId: randomUUID(), body });

  const isStored = async (id: string) =>
    (await t.dataSource.query<unknown[]>('SELECT 1 FROM messages WHERE id = $1', [id])).length ===
    1;

  it('acknowledges and broadcasts a message only once it is committed', async () => {
    const { id: roomId } = await createRoom(t);
    const a = await joined(await createMember(t), roomId);
    const b = await joined(await createMember(t), roomId);
    // Read at the moment each arrives, on another database connection.
    const storedOnArrival = new Promise<boolean>((resolve) =>
      b.once('message:new', (message) => resolve(isStored(message.id))),
    );

    const message = sent(await send(a, roomId, 'slow commit'));
    expect(await isStored(message.id)).toBe(true);
    expect(await storedOnArrival).toBe(true);
  });

  it('neither acknowledges nor broadcasts a message whose commit fails; the next one takes its seq', async () => {
    const { id: roomId } = await createRoom(t);
    const a = await joined(await createMember(t), roomId);
    const b = await joined(await createMember(t), roomId);
    const received = record(b, 'message:new');
    const first = sent(await send(a, roomId, 'before'));

    expect(await send(a, roomId, 'refused at commit')).toEqual({
      ok: false,
      code: 'INTERNAL_ERROR',
      message: expect.any(String),
    });

    // A later message is a fence: had the refused one been broadcast, it would be in by now.
    const fence = sent(await send(a, roomId, 'after'));
    await received.next((m) => m.id === fence.id);
    expect(received.seen.map((m) => [m.seq, m.body])).toEqual([
      [1, 'before'],
      [2, 'after'],
    ]);
    expect(first.seq).toBe(1);
    const [room] = await t.dataSource.query<{ lastSeq: number }[]>(
      'SELECT last_seq AS "lastSeq" FROM rooms WHERE id = $1',
      [roomId],
    );
    expect(room.lastSeq).toBe(2);
  });

  it('accepts no WebSocket compression, so a broadcast is framed once for every socket', async () => {
    expect(await negotiatedExtensions(url, 'permessage-deflate; client_max_window_bits')).toBe(
      undefined,
    );
  });

  it('stores a message with one SQL statement once the member and the room are cached', async () => {
    const { id: roomId } = await createRoom(t);
    const a = await joined(await createMember(t), roomId);
    sent(await send(a, roomId, 'warms the caches'));

    const statements: string[] = [];
    const logQuery = jest
      .spyOn(t.dataSource.logger, 'logQuery')
      .mockImplementation((query) => void statements.push(query));
    try {
      sent(await send(a, roomId, 'counted'));
    } finally {
      logQuery.mockRestore();
    }
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/INSERT INTO messages/);
  });
});
