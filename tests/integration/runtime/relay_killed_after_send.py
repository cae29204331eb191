"""Child process: publish one outbox batch, then die by SIGKILL before marking it sent.

On Kafka the batch is acked by the broker before the kill; on the embedded bus the probe
consumer lives in this process and has committed its effects before the kill.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Sequence

from orderflow.runtime.bus import Bus
from orderflow.runtime.bus.embedded import EmbeddedBus
from orderflow.runtime.bus.kafka import KafkaBus
from orderflow.runtime.db import create_engine
from orderflow.runtime.messages import Message
from orderflow.runtime.relay import OutboxRelay
from tests.integration.runtime.harness import probe_consumer


async def main(
    kind: str, producer_url: str, consumer_url: str, bootstrap: str, prefix: str
) -> None:
    bus: Bus
    if kind == "kafka":
        bus = KafkaBus(bootstrap, topic_prefix=prefix)
    else:
        embedded = EmbeddedBus()
        await embedded.subscribe(probe_consumer(create_engine(consumer_url), embedded))
        embedded.open()
        bus = embedded
    real = bus.publisher()

    class KilledAfterSend:
        async def publish(self, messages: Sequence[Message]) -> None:
            await real.publish(messages)
            os.kill(os.getpid(), signal.SIGKILL)

    await OutboxRelay(create_engine(producer_url), KilledAfterSend()).run_once()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
