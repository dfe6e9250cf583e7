import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createClient } from 'redis';
import { AppConfigService } from '../../config/app-config.service';

/** A client of the `redis` package that keeps reconnecting, with a delay of at most 2 s. */
export function createRedisClient(url: string) {
  return createClient({
    url,
    socket: { reconnectStrategy: (retries: number) => Math.min(retries * 100, 2_000) },
  });
}

export type RedisClient = ReturnType<typeof createRedisClient>;

/** The shared Redis connection, or `null` when `REDIS_URL` is unset (one process, memory only). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

class RedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: RedisClient | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.client?.isOpen) await this.client.quit();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AppConfigService],
      useFactory: async (config: AppConfigService): Promise<RedisClient | null> => {
        const url = config.get('REDIS_URL');
        if (!url) return null;
        const logger = new Logger('Redis');
        const client = createRedisClient(url);
        client.on('error', (error: Error) => logger.warn(`Redis: ${error.message}`));
        await client.connect();
        return client;
      },
    },
    RedisShutdown,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
