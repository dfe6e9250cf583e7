import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Consent } from './consent.entity';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

/** The privacy agreement and consents (export and erasure join later). */
@Module({
  imports: [TypeOrmModule.forFeature([Consent])],
  controllers: [PrivacyController],
  providers: [PrivacyService],
  exports: [PrivacyService],
})
export class PrivacyModule {}
