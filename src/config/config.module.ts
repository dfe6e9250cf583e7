import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfigService } from './app-config.service';
import type { AppConfig } from './env.schema';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfigService, useValue: new AppConfigService(config) }],
      exports: [AppConfigService],
    };
  }
}
