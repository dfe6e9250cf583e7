import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { AuditModule } from '../audit/audit.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { ExportArchiveController } from './export-archive.controller';
import { Upload, UploadGarbage } from './upload.entity';
import { openUploadStorage, UPLOAD_STORAGE } from './upload-storage';
import { UploadsCleanupJob } from './uploads-cleanup.job';
import { UploadsController } from './uploads.controller';
import { UploadsPersonalData } from './uploads.personal-data';
import { UploadsService } from './uploads.service';

/**
 * Uploads: `POST/GET/DELETE /api/uploads`, the export archive, the clean-up job. Files are
 * stored in `DATA_DIR/uploads`, or in S3-compatible storage when `S3_BUCKET` is set; the
 * server serves them itself either way (the content security policy needs only 'self').
 */
@Module({
  imports: [TypeOrmModule.forFeature([Upload, UploadGarbage]), AuditModule, PrivacyModule],
  controllers: [UploadsController, ExportArchiveController],
  providers: [
    {
      provide: UPLOAD_STORAGE,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => openUploadStorage(config),
    },
    UploadsService,
    UploadsPersonalData,
    UploadsCleanupJob,
  ],
  exports: [UploadsService],
})
export class UploadsModule {}
