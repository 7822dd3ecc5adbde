"""Kafka admin for the integration tests: librdkafka's CreateTopics through ctypes (a topic
with an exact partition count; auto-created topics get the broker's default)."""
import ctypes


def create_topic(brokers, topic, partitions, configs=None):
    """Creates topic with that many partitions (and topic configs, a dict); None, or the reason
    it failed (bytes)."""
    lib = ctypes.CDLL("librdkafka.so.1")
    vp, cp = ctypes.c_void_p, ctypes.c_char_p
    for name, res, args in [("rd_kafka_conf_new", vp, []), ("rd_kafka_conf_set", ctypes.c_int, [vp, cp, cp, cp, ctypes.c_size_t]),
                            ("rd_kafka_new", vp, [ctypes.c_int, vp, cp, ctypes.c_size_t]),
                            ("rd_kafka_NewTopic_new", vp, [cp, ctypes.c_int, ctypes.c_int, cp, ctypes.c_size_t]),
                            ("rd_kafka_queue_new", vp, [vp]), ("rd_kafka_CreateTopics", None, [vp, ctypes.POINTER(vp), ctypes.c_size_t, vp, vp]),
                            ("rd_kafka_queue_poll", vp, [vp, ctypes.c_int]), ("rd_kafka_event_CreateTopics_result", vp, [vp]),
                            ("rd_kafka_CreateTopics_result_topics", ctypes.POINTER(vp), [vp, ctypes.POINTER(ctypes.c_size_t)]),
                            ("rd_kafka_topic_result_error", ctypes.c_int, [vp]), ("rd_kafka_topic_result_error_string", cp, [vp]),
                            ("rd_kafka_event_destroy", None, [vp]), ("rd_kafka_NewTopic_destroy", None, [vp]),
                            ("rd_kafka_queue_destroy", None, [vp]), ("rd_kafka_destroy", None, [vp]),
                            ("rd_kafka_NewTopic_set_config", ctypes.c_int, [vp, cp, cp])]:
        f = getattr(lib, name); f.restype = res; f.argtypes = args
    err = ctypes.create_string_buffer(512)
    conf = lib.rd_kafka_conf_new()
    lib.rd_kafka_conf_set(conf, b"bootstrap.servers", brokers.encode(), err, 512)
    rk = lib.rd_kafka_new(0, conf, err, 512)
    nt = lib.rd_kafka_NewTopic_new(topic.encode(), partitions, 1, err, 512)
    for k, v in (configs or {}).items():
        lib.rd_kafka_NewTopic_set_config(nt, k.encode(), str(v).encode())
    q = lib.rd_kafka_queue_new(rk)
    arr = (vp * 1)(nt)
    lib.rd_kafka_CreateTopics(rk, arr, 1, None, q)
    ev = lib.rd_kafka_queue_poll(q, 30000)
    n = ctypes.c_size_t()
    res = lib.rd_kafka_event_CreateTopics_result(ev) if ev else None
    topics = lib.rd_kafka_CreateTopics_result_topics(res, ctypes.byref(n)) if res else None
    why = None if topics and n.value == 1 and lib.rd_kafka_topic_result_error(topics[0]) == 0 else (
        lib.rd_kafka_topic_result_error_string(topics[0]) if topics and n.value else b"no result")
    if ev:
        lib.rd_kafka_event_destroy(ev)
    lib.rd_kafka_NewTopic_destroy(nt)
    lib.rd_kafka_queue_destroy(q)
    lib.rd_kafka_destroy(rk)
    return why


class _Partition(ctypes.Structure):
    _fields_ = [("topic", ctypes.c_char_p), ("partition", ctypes.c_int32),
                ("offset", ctypes.c_int64), ("metadata", ctypes.c_void_p),
                ("metadata_size", ctypes.c_size_t), ("opaque", ctypes.c_void_p),
                ("err", ctypes.c_int), ("_private", ctypes.c_void_p)]


class _PartitionList(ctypes.Structure):
    _fields_ = [("cnt", ctypes.c_int), ("size", ctypes.c_int),
                ("elems", ctypes.POINTER(_Partition))]


def committed(brokers, group, topic, partitions):
    """The offsets group has committed for partitions 0..partitions-1 of topic (-1001: none),
    read with a consumer that does not join the group."""
    lib = ctypes.CDLL("librdkafka.so.1")
    vp, cp = ctypes.c_void_p, ctypes.c_char_p
    plist = ctypes.POINTER(_PartitionList)
    for name, res, args in [("rd_kafka_conf_new", vp, []),
                            ("rd_kafka_conf_set", ctypes.c_int, [vp, cp, cp, cp, ctypes.c_size_t]),
                            ("rd_kafka_new", vp, [ctypes.c_int, vp, cp, ctypes.c_size_t]),
                            ("rd_kafka_topic_partition_list_new", plist, [ctypes.c_int]),
                            ("rd_kafka_topic_partition_list_add", vp, [plist, cp, ctypes.c_int32]),
                            ("rd_kafka_committed", ctypes.c_int, [vp, plist, ctypes.c_int]),
                            ("rd_kafka_topic_partition_list_destroy", None, [plist]),
                            ("rd_kafka_destroy", None, [vp])]:
        f = getattr(lib, name); f.restype = res; f.argtypes = args
    err = ctypes.create_string_buffer(512)
    conf = lib.rd_kafka_conf_new()
    for k, v in [(b"bootstrap.servers", brokers.encode()), (b"group.id", group.encode())]:
        lib.rd_kafka_conf_set(conf, k, v, err, 512)
    rk = lib.rd_kafka_new(1, conf, err, 512)
    parts = lib.rd_kafka_topic_partition_list_new(partitions)
    for p in range(partitions):
        lib.rd_kafka_topic_partition_list_add(parts, topic.encode(), p)
    rc = lib.rd_kafka_committed(rk, parts, 10000)
    out = [parts.contents.elems[i].offset for i in range(parts.contents.cnt)] if rc == 0 else None
    lib.rd_kafka_topic_partition_list_destroy(parts)
    lib.rd_kafka_destroy(rk)
    return out
