import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { RENEWAL_STATUSES } from '@mutu/domain';
import { RENEWAL_ORDERS, type RenewalOrder } from '@mutu/db';
import { pageQuery } from '../http/page.query';
import { OpenRenewalDto } from '../renewals/renewal.dto';

/**
 * What every form carries besides its fields: the form token and the page to return to. The
 * fields' rules are the API's DTOs and, for actions, the state machine's: none is repeated here.
 */
class FormFields {
  @IsOptional() @IsString() _csrf?: string;
  @IsOptional() @IsString() _back?: string;
}

/** The API's OpenRenewalDto (the same rules), sent from a page. */
export class OpenRenewalForm extends OpenRenewalDto {
  @IsOptional() @IsString() _csrf?: string;
  @IsOptional() @IsString() _back?: string;
}

/** A checkbox list arrives as one string when one box is ticked, as several when more. */
const asList = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ([] as unknown[]).concat(value);

/**
 * Any action form of the renewal page: the version it was shown at, the action's own fields,
 * and, when it happened earlier on paper, when (WIB, from a datetime-local field) and why.
 */
export class RenewalActionForm extends FormFields {
  @Type(() => Number)
  @IsInt({ message: 'version harus bilangan bulat' })
  version!: number;

  @IsOptional() @IsString() @MaxLength(500) amsReference?: string;
  @IsOptional() @IsIn(['on', 'true']) passphraseSet?: string;
  @IsOptional() @IsIn(['complete', 'incomplete'], { message: 'pilih Ya atau Tidak' }) result?: string;

  @IsOptional()
  @Transform(asList)
  @IsString({ each: true })
  missingItems?: string[];

  @IsOptional() @IsString() @MaxLength(500) channel?: string;
  @IsOptional() @IsString() @MaxLength(500) validFrom?: string;
  @IsOptional() @IsString() @MaxLength(500) validUntil?: string;
  @IsOptional() @IsString() @MaxLength(500) reason?: string;
  @IsOptional() @IsString() @MaxLength(500) occurredAt?: string;
  @IsOptional() @IsString() @MaxLength(500) correctionReason?: string;
}

export class UploadForm extends FormFields {
  @IsString() item!: string;
}

const toFlag = ({ value }: { value: unknown }) => value === 'on' || value === 'true';

/** The verifier's queue: search, filters and order, as query parameters (a GET form). */
export class QueueQuery extends pageQuery(20, 100) {
  @IsOptional() @IsString() @MaxLength(100) q?: string;

  @IsOptional()
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsIn([...RENEWAL_STATUSES])
  status?: (typeof RENEWAL_STATUSES)[number];

  @IsOptional() @Transform(toFlag) atRisk?: boolean;
  @IsOptional() @Transform(toFlag) breached?: boolean;

  @IsOptional()
  @IsIn([...RENEWAL_ORDERS])
  sort: RenewalOrder = 'time_left';
}
