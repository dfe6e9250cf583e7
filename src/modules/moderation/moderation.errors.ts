import { ConflictError } from '../../common/errors/domain-error';

export class ReportAlreadyOpenError extends ConflictError {
  constructor() {
    super('REPORT_ALREADY_OPEN', 'You already have an open report on this');
  }
}

export class ReportAlreadyResolvedError extends ConflictError {
  constructor() {
    super('REPORT_ALREADY_RESOLVED', 'This report has already been resolved');
  }
}
