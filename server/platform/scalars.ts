import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';
import { GraphQLScalarType } from 'graphql';

/** RFC 3339 instant; values are JavaScript Dates inside the server. */
export const DateTimeScalar = new GraphQLScalarType({ ...DateTimeResolver.toConfig(), name: 'DateTime' });

/** ISO calendar date (YYYY-MM-DD, Asia/Shanghai); values are strings inside the server. */
export const DateScalar = new GraphQLScalarType({ ...LocalDateResolver.toConfig(), name: 'Date' });
