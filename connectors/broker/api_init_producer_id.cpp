// InitProducerId (key 22), versions 0-4, flexible from 2: producer ids for idempotent producers.
//
// Transactions are not served: a transactional id is answered
// TRANSACTIONAL_ID_AUTHORIZATION_FAILED, the non-retriable error clients report as "this producer
// may not use its transactional id" (a retriable one such as COORDINATOR_NOT_AVAILABLE would make
// them retry forever).

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {

std::optional<Pending> HandleInitProducerId(BrokerContext& ctx, const RequestHeader& header,
                                            Reader& in, Writer& out) {
  const int16_t version = header.api_version;
  std::optional<std::string> transactional_id = in.NullableStr();
  in.Int32();  // transaction_timeout_ms
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  if (version >= 3) {
    producer_id = in.Int64();
    producer_epoch = in.Int16();
  }
  in.SkipTaggedFields();

  ErrorCode error = ErrorCode::kNone;
  int64_t id = -1;
  int16_t epoch = -1;
  if (transactional_id) {
    error = ErrorCode::kTransactionalIdAuthorizationFailed;
  } else if ((producer_id == -1) != (producer_epoch == -1)) {
    error = ErrorCode::kInvalidRequest;  // Both or neither, as Kafka requires.
  } else if (producer_id == -1 || producer_epoch >= std::numeric_limits<int16_t>::max() - 1) {
    // A new producer, or an epoch that cannot be bumped again: a fresh id (Kafka does the same).
    id = ctx.log.NextProducerId();
    epoch = 0;
    // The store could not make the id durable (disk full): a retriable error, never an id that
    // a restart might hand out again.
    if (id < 0) {
      error = ErrorCode::kKafkaStorageError;
      epoch = -1;
    }
  } else {
    // KIP-360: an idempotent producer bumps its epoch to reset its sequence numbers.
    id = producer_id;
    epoch = static_cast<int16_t>(producer_epoch + 1);
  }
  out.Int32(0);  // throttle_time_ms
  out.Int16(Code(error));
  out.Int64(id);
  out.Int16(epoch);
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
