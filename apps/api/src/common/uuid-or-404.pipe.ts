import { Injectable, type PipeTransform } from '@nestjs/common';
import { notFound } from '@mlserve/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name an existing resource, so it is a 404, not a 400. */
@Injectable()
export class UuidOr404Pipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (!UUID.test(value)) throw notFound(this.what, value);
    return value.toLowerCase();
  }
}
