{
  "targets": [
    {
      "target_name": "jars_native",
      "sources": ["src/addon.cc", "src/conv.cc", "src/memory-kernels.cc", "src/train-kernels.cc", "src/pool-kernels.cc", "src/matmul.cc"],
      "cflags_cc": ["-std=c++17", "-O3", "-march=native", "-fopenmp"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "libraries": ["-ldnnl", "-lgomp"]
    }
  ]
}
