"""Knowledge graph of the Ministry of Housing and Urban-Rural Development's designated
rural assistance (住房和城乡建设部定点帮扶知识图谱)."""

__version__ = "0.1.0"
