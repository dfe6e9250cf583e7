import { Controller, Get } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/public.decorator';
import { RequestLanguage, type Language } from '../../common/i18n/language';
import { PrivacyAgreementDto } from './dto/privacy-agreement.dto';
import { PrivacyService } from './privacy.service';

@ApiTags('privacy')
@Controller('privacy')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Public()
  @Get('agreement')
  @ApiHeader({
    name: 'Accept-Language',
    required: false,
    description: '`zh…` for Chinese, else English',
  })
  @ApiOkResponse({ type: PrivacyAgreementDto })
  agreement(@RequestLanguage() language: Language): PrivacyAgreementDto {
    return this.privacy.agreement(language);
  }
}
