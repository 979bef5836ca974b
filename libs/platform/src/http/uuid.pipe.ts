import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { RequestValidationFailed } from './problem-details';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id must be a UUID: refused otherwise as a validation error naming the parameter. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    throw new RequestValidationFailed([{ field, reason: `${field} must be a UUID` }]);
  }
}
